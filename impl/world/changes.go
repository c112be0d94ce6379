package world

import "slices"

// Change is one domain change a world operation made. Each kind is a type of its own,
// declared in its feature's file (CardChanged in group.go...), that carries the state as of
// the change (the old and the new card, the message as sent), knows which bots see it, and
// renders itself into the spec's event type for one of them without reading the world again.
//
// Changes are recorded in the order made and handed to Options.OnChange after the transaction
// commits (never for a rolled-back one), their Audience filled in.
type Change interface {
	// Audience are the bots that see the change, as the world stood at the end of the
	// operation that made it: a bot that joins a group later is not told what happened there
	// before.
	Audience() []int64
	// Render is the change as bot sees it, in the spec's event type (gen.*Notice,
	// gen.*Event); nil when it is no event.
	Render(bot int64) (any, error)
	// audience computes Audience in the operation's transaction.
	audience(a *audience) error
	head() *Head
}

// Head is what every change carries, embedded first: when it was made, and who sees it.
type Head struct {
	// Time is the operation's clock reading (Unix seconds).
	Time int64
	seen []int64
}

func (h *Head) Audience() []int64 { return h.seen }
func (h *Head) head() *Head       { return h }

// unseen is embedded by changes no bot is told of: they matter to waiters (world.Feed) and to
// the world control API's tests.
type unseen struct{}

func (unseen) audience(*audience) error  { return nil }
func (unseen) Render(int64) (any, error) { return nil, nil }

// audience collects the bots that see a change, reading the operation's transaction.
type audience struct {
	tx  Tx
	out []int64
}

// seenBy fills in the audience of each change.
func seenBy(tx Tx, changes []Change) error {
	for _, c := range changes {
		a := &audience{tx: tx}
		if err := c.audience(a); err != nil {
			return err
		}
		c.head().seen = a.out
	}
	return nil
}

// bot adds id when it is a bot account (an account that is gone is no bot), unless excepted.
func (a *audience) bot(id int64, except ...int64) {
	if id == 0 || slices.Contains(except, id) || slices.Contains(a.out, id) {
		return
	}
	if acc, err := a.tx.Accounts().Get(id); err == nil && acc.Bot {
		a.out = append(a.out, id)
	}
}

// group adds the group's bot members (a group that is gone has none left), unless excepted;
// with staff, only its owner and admins.
func (a *audience) group(groupID int64, staff bool, except ...int64) error {
	members, err := a.tx.Members().List(groupID)
	if err != nil {
		return err
	}
	for _, m := range members {
		if m.Account.Bot && (!staff || m.Role != Member) && !slices.Contains(except, m.UserID) && !slices.Contains(a.out, m.UserID) {
			a.out = append(a.out, m.UserID)
		}
	}
	return nil
}
