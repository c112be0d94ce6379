// Package onespec is the root of the onespec module: a machine-readable OneBot v11 standard
// (openapi/), the code generated from it (gen/), a reference implementation (impl/), a
// conformance suite (conformance/) and the one binary (cmd/onespec).
package onespec

//go:generate go run ./openapi/bundle -src openapi/core/src -shared openapi/src/components/envelope.yaml,openapi/src/components/entities.yaml,openapi/src/components/message.yaml,openapi/src/components/events.yaml,openapi/src/components/quick.yaml -out openapi/core.yaml
//go:generate go run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen -config codegen/core.yaml openapi/core.yaml
//go:generate go run ./openapi/bundle -src openapi/src -core openapi/src/components -out openapi/openapi.yaml
//go:generate go run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen -config codegen/types.yaml openapi/openapi.yaml
//go:generate go run ./codegen/corealias -dir gen -out gen/core.gen.go
//go:generate go run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen -config codegen/server.yaml openapi/openapi.yaml
//go:generate go run ./codegen/registry -spec openapi/openapi.yaml -server gen/server.gen.go -out gen/registry.gen.go -raw gen/mocks/raw.gen.go
//go:generate go run ./codegen/client -spec openapi/openapi.yaml -dir gen -out gen/client.gen.go
//go:generate go run ./openapi/rendition -spec openapi/openapi.yaml -client gen/client.gen.go -out openapi/openapi.docs.json
//go:generate go run ./openapi/requests -spec openapi/openapi.yaml -out openapi/openapi.requests.json
//go:generate go run ./codegen/compat -spec openapi/openapi.yaml -out docs/compat.md
//go:generate go run ./openapi/bundle -src openapi/bot/src -shared openapi/src/components/envelope.yaml,openapi/src/components/entities.yaml,openapi/src/components/message.yaml,openapi/src/components/events.yaml,openapi/src/components/quick.yaml -core openapi/src/components -out openapi/bot.yaml
//go:generate go run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen -config codegen/bot.yaml openapi/bot.yaml
//go:generate go run ./codegen/corealias -dir gen/botapi -out gen/botapi/core.gen.go
//go:generate go run github.com/vektra/mockery/v2
//go:generate go run ./openapi/bundle -src openapi/world/src -shared openapi/src/components/envelope.yaml,openapi/src/components/transport.yaml -core openapi/src/components -out openapi/world.yaml
//go:generate go run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen -config codegen/world/types.yaml openapi/world.yaml
//go:generate go run ./codegen/corealias -dir gen/control -out gen/control/core.gen.go
//go:generate go run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen -config codegen/world/server.yaml openapi/world.yaml
//go:generate go run ./codegen/registry -package control -spec openapi/world.yaml -server gen/control/server.gen.go -out gen/control/registry.gen.go
//go:generate go run ./openapi/rendition -spec openapi/world.yaml -out openapi/world.docs.json
//go:generate go run ./openapi/requests -spec openapi/world.yaml -out openapi/world.requests.json
