package world

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// Retention bounds what the world keeps, like QQ's server-side history: what falls out is gone
// for every account (get_msg answers not found) and its media files are deleted.
type Retention struct {
	// MessagesPerConversation keeps the newest N messages of each group or private chat; 0
	// keeps any number.
	MessagesPerConversation int
	// MaxAge forgets messages older than this; 0 keeps them regardless of age.
	MaxAge time.Duration
	// MediaBytes bounds the stored media; the oldest messages with media go first. 0: no limit.
	MediaBytes int64
}

// DefaultRetention keeps a busy test world's disk and memory bounded while holding far more
// history than a bot test looks back on.
var DefaultRetention = Retention{MessagesPerConversation: 10000, MaxAge: 30 * 24 * time.Hour, MediaBytes: 256 << 20}

// Options configure a World.
type Options struct {
	// Now is the clock; nil is time.Now.
	Now func() time.Time
	// Retention bounds stored history; the zero value keeps everything.
	Retention Retention
	// Media stores message media by content; nil keeps none (media segments are stored as
	// sent, without their bytes).
	Media *MediaStore
	// MediaSources say where media sent by path or URL may be read from; the zero value reads
	// inline base64:// content and fetches from loopback only.
	MediaSources MediaSources
	// OnChange receives the changes of every committed operation, in commit order. It runs
	// while the next transaction waits, so it must hand the changes on (queue them) rather
	// than call back into the world.
	OnChange func([]Change)
	Log      *slog.Logger
}

// World is the universe on a store. It holds no state of its own beyond configuration, so
// several Worlds (servers) may share one store engine that supports it.
type World struct {
	// writes is held shared by every operation and exclusively by SweepMedia, which must not
	// delete a file an operation is writing. Operations do not exclude each other: the store
	// runs concurrent ones in one transaction, and their after-commit work (deleting media
	// files) before the next transaction begins (Tx.AfterCommit).
	writes sync.RWMutex
	store  Store
	opts   Options
	log    *slog.Logger
	// observers receive committed changes after Options.OnChange.
	obsMu     sync.Mutex
	observers []*observer
	// mediaBase is where the server serves media (SetMediaURLBase).
	mediaBase atomic.Pointer[string]
}

// New returns the world kept in store.
func New(store Store, opts Options) *World {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	log := opts.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &World{store: store, opts: opts, log: log}
}

// Observe makes f receive, besides Options.OnChange, the changes of every operation committed
// from now on, in commit order; the returned function stops it. Like OnChange, f runs while
// the next operation waits: it must queue the changes rather than call back into the world.
func (w *World) Observe(f func([]Change)) (stop func()) {
	w.obsMu.Lock()
	defer w.obsMu.Unlock()
	o := &observer{f: f}
	w.observers = append(w.observers, o)
	return func() {
		w.obsMu.Lock()
		defer w.obsMu.Unlock()
		w.observers = slices.DeleteFunc(w.observers, func(x *observer) bool { return x == o })
	}
}

type observer struct{ f func([]Change) }

// op is one world operation in progress: its transaction, its clock reading and the changes
// it made.
type op struct {
	tx      Tx
	now     int64
	changes []Change
	// after runs once the transaction has committed (deleting files the commit orphaned).
	after []func()
}

func (o *op) record(c Change) {
	c.head().Time = o.now
	o.changes = append(o.changes, c)
}

// update runs fn as one committed operation and reports its changes, in commit order, once it
// has committed and before it returns.
func (w *World) update(ctx context.Context, fn func(o *op) error) error {
	w.writes.RLock()
	defer w.writes.RUnlock()
	o := &op{now: w.opts.Now().Unix()}
	return w.store.Update(ctx, func(tx Tx) error {
		o.tx = tx
		if err := fn(o); err != nil {
			return err
		}
		if err := seenBy(tx, o.changes); err != nil {
			return fmt.Errorf("who sees the changes: %w", err)
		}
		tx.AfterCommit(func() { w.committed(o) })
		return nil
	})
}

// committed runs an operation's after-commit work and hands its changes on.
func (w *World) committed(o *op) {
	for _, f := range o.after {
		f()
	}
	if len(o.changes) == 0 {
		return
	}
	if w.opts.OnChange != nil {
		w.opts.OnChange(o.changes)
	}
	w.obsMu.Lock()
	defer w.obsMu.Unlock()
	for _, ob := range w.observers {
		ob.f(o.changes)
	}
}

func (w *World) view(ctx context.Context, fn func(o *op) error) error {
	o := &op{now: w.opts.Now().Unix()}
	return w.store.View(ctx, func(tx Tx) error {
		o.tx = tx
		return fn(o)
	})
}

const metaDefaultBot = "default_bot"

// Empty reports whether the store holds no world yet (a fresh data directory).
func (w *World) Empty(ctx context.Context) (bool, error) {
	var empty bool
	err := w.view(ctx, func(o *op) error {
		_, ok, err := o.tx.Meta().Get(metaDefaultBot)
		empty = !ok
		return err
	})
	return empty, err
}

// DefaultBot is the bot that answers calls that do not name one.
func (w *World) DefaultBot(ctx context.Context) (int64, error) {
	var id int64
	err := w.view(ctx, func(o *op) error {
		var err error
		id, err = defaultBot(o.tx)
		return err
	})
	return id, err
}

func defaultBot(tx Tx) (int64, error) {
	v, ok, err := tx.Meta().Get(metaDefaultBot)
	if err != nil {
		return 0, err
	}
	if !ok {
		return 0, fmt.Errorf("the world has no bot account yet: %w", ErrNotFound)
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("stored default bot %q: %w", v, err)
	}
	return id, nil
}

// Bot is the world as the bot account self acts in it and sees it: its friends, its groups,
// the messages it can see. A zero self means the world's default bot; an account that is not
// a bot is refused.
func (w *World) Bot(self int64) *Actor { return &Actor{w: w, id: self, bot: true} }

// As is the world as account id, a simulated user or a bot, acts in it: what the world
// control API makes accounts do, under the same rules as a bot's own actions.
func (w *World) As(id int64) *Actor { return &Actor{w: w, id: id} }

// Actor is an account acting in the world under QQ's rules. Every operation an account can do
// is written once, here, for a bot's action and for the world control API alike.
type Actor struct {
	w  *World
	id int64
	// bot says the actor is a bot answering its own actions: a zero id is the default bot,
	// and refusals call it "the bot".
	bot bool
}

// World is the universe this actor is in.
func (a *Actor) World() *World { return a.w }

// resolve returns the acting account's id, checking it exists (and is a bot of this world,
// for a bot).
func (a *Actor) resolve(tx Tx) (int64, error) {
	if !a.bot {
		if _, err := tx.Accounts().Get(a.id); err != nil {
			return 0, fmt.Errorf("acting account: %w", err)
		}
		return a.id, nil
	}
	self := a.id
	if self == 0 {
		var err error
		if self, err = defaultBot(tx); err != nil {
			return 0, err
		}
	}
	acc, err := tx.Accounts().Get(self)
	if err != nil {
		return 0, fmt.Errorf("bot %d: %w", self, err)
	}
	if !acc.Bot {
		return 0, fmt.Errorf("account %d is a simulated user, not a bot of this world: %w", self, ErrNotFound)
	}
	return self, nil
}

// act is an operation of one actor.
type act struct {
	*op
	self int64
	w    *World
	bot  bool
}

// who names the actor in a refusal: "the bot 10001", or a user's number.
func (o *act) who() string {
	if o.bot {
		return fmt.Sprintf("the bot %d", o.self)
	}
	return strconv.FormatInt(o.self, 10)
}

func (a *Actor) update(ctx context.Context, fn func(o *act) error) error {
	return a.w.update(ctx, func(o *op) error { return a.run(o, fn) })
}

func (a *Actor) view(ctx context.Context, fn func(o *act) error) error {
	return a.w.view(ctx, func(o *op) error { return a.run(o, fn) })
}

func (a *Actor) run(o *op, fn func(o *act) error) error {
	self, err := a.resolve(o.tx)
	if err != nil {
		return err
	}
	return fn(&act{op: o, self: self, w: a.w, bot: a.bot})
}

// Self is the actor's own account.
func (a *Actor) Self(ctx context.Context) (Account, error) {
	var out Account
	err := a.view(ctx, func(o *act) error {
		var err error
		out, err = o.tx.Accounts().Get(o.self)
		return err
	})
	return out, err
}

// Stats are the actor's traffic counters.
func (a *Actor) Stats(ctx context.Context) (Stats, error) {
	var s Stats
	err := a.view(ctx, func(o *act) error {
		var err error
		s, err = o.tx.Accounts().Stats(o.self)
		return err
	})
	return s, err
}

// Account is any account's public profile (get_stranger_info works for anyone).
func (a *Actor) Account(ctx context.Context, id int64) (Account, error) {
	var out Account
	err := a.view(ctx, func(o *act) error {
		var err error
		out, err = o.tx.Accounts().Get(id)
		return err
	})
	return out, err
}
