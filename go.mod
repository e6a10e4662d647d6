module github.com/appspec-lint/appspec-lint

go 1.26.8

require go.yaml.in/yaml/v4 v4.0.0 // indirect
