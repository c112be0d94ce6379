// Package wire holds the OneBot response envelope as the reference server's dispatcher and
// transports handle it. It is package openapi's (which aliases it) but apart from the embedded
// documents: a package importing openapi is recompiled whenever the spec changes, one importing
// wire only when the envelope does, so editing an action recompiles no transport.
package wire

import "encoding/json"

// Envelope is the OneBot response envelope around an action's data. Every operation's
// "<Name>Result" schema maps to Envelope[<its data type>] through x-go-type, so the generated
// code has one envelope type instead of one copy per action.
type Envelope[T any] struct {
	// Status is "ok", "async" or "failed" (the Status schema).
	Status string `json:"status"`
	// Retcode is one of the Retcode schema's codes.
	Retcode int `json:"retcode"`
	// Data is the action's data; the generated Result types instantiate T as a pointer, so an
	// unset Data (failed and async answers) encodes as null, as the spec requires.
	Data T `json:"data"`
	// Message is the error text for developers; empty on success.
	Message string `json:"message"`
	// Wording is the error text for people; empty on success.
	Wording string `json:"wording"`
	// Echo is the request's echo, returned byte for byte; absent when the request had none.
	Echo json.RawMessage `json:"echo,omitempty"`
}

// Reply is an envelope whose data type is erased: what a dispatcher hands to any transport.
type Reply = Envelope[any]

// Erase turns a typed envelope into a Reply. A nil data pointer becomes a nil Data, so that
// it encodes as null and reads as "no data" without reflection.
func Erase[T any](e Envelope[*T]) Reply {
	r := Reply{Status: e.Status, Retcode: e.Retcode, Message: e.Message, Wording: e.Wording, Echo: e.Echo}
	if e.Data != nil {
		r.Data = e.Data
	}
	return r
}
