package sqlite

import (
	"context"
	"database/sql"
)

// feature is one world feature's part of the SQLite store, declared in its store file beside
// the statements that use it (register): its schema, what Clear empties, what the cache
// mirrors, and what it forgets when an account, a group or messages go. The store runs every
// feature's part in turn, so adding a feature edits no shared list.
type feature struct {
	// name keys the feature's schema version (table schema_versions).
	name string
	// migrations are applied in order, each once. Never edit a released migration: append
	// the next. A feature that existed before per-feature versions (user_version 2) creates
	// its tables with IF NOT EXISTS first, so a database made then opens with its data.
	migrations []string
	// tables are emptied by Clear.
	tables []string
	// cached are the tables the cache mirrors: a statement that writes one through exec
	// (without saying what that does to the cache) drops the whole cache at commit.
	cached []string
	// load reads the feature's piece of the cache from the committed tables.
	load func(ctx context.Context, db *sql.DB, c *cache) error
	// forgetAccount and forgetGroup delete what the feature keeps for an account or a group
	// (parameter ?1) that is being deleted, before the account's or group's own row goes.
	forgetAccount []string
	forgetGroup   []string
	// forgetMessages delete what the feature keeps for the messages being pruned (their ids
	// are in table doomed).
	forgetMessages []string
	// media select the hashes of stored media the feature refers to outside messages (an
	// announcement's picture, a group file's bytes): media none of them, nor a message, names
	// are deleted.
	media []string
}

// features are the registered features, in registration order.
var features []*feature

// register adds a feature's part to the store and prepares its statements.
func register(f feature) *feature {
	for _, list := range [][]string{f.forgetAccount, f.forgetGroup, f.forgetMessages} {
		for _, q := range list {
			query(q)
		}
	}
	features = append(features, &f)
	return &f
}

// forget runs every feature's statements of one kind (forgetAccount...) with args.
func (t *tx) forget(kind func(*feature) []string, args ...any) error {
	for _, f := range features {
		for _, q := range kind(f) {
			if _, err := t.exec(q, args...); err != nil {
				return err
			}
		}
	}
	return nil
}
