package lint

// MaxAppSpecSize is the largest appspec the command line and the language
// server lint. Real appspecs are a few kilobytes; parsing costs about a
// hundred times the file's size in memory, so without a bound a stray
// multi-megabyte file (a log, a dump named appspec.yml, an editor buffer)
// could take gigabytes. It matches ArchiveLimits.MaxEntryBytes, so an
// appspec is bounded the same way on disk, on stdin, in an archive and in
// an editor.
const MaxAppSpecSize = 8 << 20
