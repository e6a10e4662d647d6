module github.com/appspec-lint/appspec-lint

go 1.26.8

require (
	github.com/santhosh-tekuri/jsonschema/v6 v6.0.3
	go.yaml.in/yaml/v4 v4.0.0
)

require (
	github.com/aymanbagabas/go-udiff v0.4.1 // indirect
	golang.org/x/text v0.14.0 // indirect
)
