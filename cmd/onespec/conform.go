package main

import (
	"context"
	"errors"
	"io"
)

func conform(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return errors.New("conform: not wired yet")
}
