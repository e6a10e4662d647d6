package rules

// SchemaOwnerIDs exposes the schema check's owners to the external tests.
var SchemaOwnerIDs = schemaOwnerIDs
