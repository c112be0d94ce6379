package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/onespec/onespec/impl/world"
)

// accountStore keeps accounts, cached (cache.accounts, cache.bots), and their traffic
// counters (not cached).
type accountStore struct{ *tx }

func (t *tx) Accounts() world.AccountStore { return accountStore{t} }

var _ = register(feature{
	name: "accounts",
	migrations: []string{`
CREATE TABLE IF NOT EXISTS accounts (
	id INTEGER PRIMARY KEY, nickname TEXT NOT NULL, sex TEXT NOT NULL, age INTEGER NOT NULL,
	level INTEGER NOT NULL, sign TEXT NOT NULL, area TEXT NOT NULL, bot INTEGER NOT NULL,
	sent INTEGER NOT NULL DEFAULT 0, received INTEGER NOT NULL DEFAULT 0,
	last_message_time INTEGER NOT NULL DEFAULT 0);`,
		// QQ's official robot accounts (NapCat's is_robot).
		`ALTER TABLE accounts ADD COLUMN official_bot INTEGER NOT NULL DEFAULT 0;`},
	tables: []string{"accounts"},
	cached: []string{"accounts"},
	load: func(ctx context.Context, db *sql.DB, c *cache) error {
		return each(ctx, db, `SELECT `+accountCols+` FROM accounts`, func(r *sql.Rows) error {
			var a world.Account
			if err := r.Scan(accountPtrs(&a)...); err != nil {
				return err
			}
			c.putAccount(a)
			return nil
		})
	},
})

const accountCols = `id, nickname, sex, age, level, sign, area, bot, official_bot`

// accountColsA are accountCols of the accounts table joined as a (member and friend lists):
// one list, so a column added to accounts reaches every query that scans accountPtrs.
const accountColsA = `a.id, a.nickname, a.sex, a.age, a.level, a.sign, a.area, a.bot, a.official_bot`

func accountPtrs(a *world.Account) []any {
	return []any{&a.ID, &a.Nickname, &a.Sex, &a.Age, &a.Level, &a.Sign, &a.Area, &a.Bot, &a.OfficialBot}
}

var (
	qAccount    = query(`SELECT ` + accountCols + ` FROM accounts WHERE id = ?`)
	qAccounts   = query(`SELECT ` + accountCols + ` FROM accounts ORDER BY id`)
	qPutAccount = query(`INSERT INTO accounts (` + accountCols + `) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET nickname = excluded.nickname, sex = excluded.sex, age = excluded.age,
		level = excluded.level, sign = excluded.sign, area = excluded.area, bot = excluded.bot, official_bot = excluded.official_bot`)
	qDelAccount = query(`DELETE FROM accounts WHERE id = ?1`)
	qStats      = query(`SELECT sent, received, last_message_time FROM accounts WHERE id = ?`)
	// One statement counts the sender's message sent and every receiving bot's received.
	qCountPriv = query(`UPDATE accounts SET sent = sent + (id = ?), received = received + (id != ?), last_message_time = ?
		WHERE bot AND (id = ? OR id = ?)`)
	qCountOne = query(`UPDATE accounts SET sent = sent + ?, received = received + ?, last_message_time = ? WHERE id = ?`)
	qCountGrp = query(`UPDATE accounts SET sent = sent + (id = ?), received = received + (id != ?), last_message_time = ?
		WHERE bot AND (id = ? OR id IN (SELECT user_id FROM members WHERE group_id = ?))`)
)

func (t accountStore) Get(id int64) (world.Account, error) {
	if t.c != nil {
		a, ok := t.c.accounts[id]
		if !ok {
			return a, fmt.Errorf("account %d: %w", id, world.ErrNotFound)
		}
		return a, nil
	}
	var a world.Account
	err := t.one(fmt.Sprintf("account %d", id), qAccount, []any{id}, accountPtrs(&a)...)
	return a, err
}

func (t accountStore) Put(a world.Account) error {
	t.shaped = true
	return t.write(qPutAccount, func(c *cache) { c.putAccount(a) }, a.ID, a.Nickname, a.Sex, a.Age, a.Level, a.Sign, a.Area, a.Bot, a.OfficialBot)
}

func (t accountStore) All() ([]world.Account, error) {
	return list(t.tx, qAccounts, nil, columns(accountPtrs))
}

// Delete runs every feature's forgetAccount, then deletes the account (the cache is dropped
// at commit: who is in which group changed).
func (t accountStore) Delete(id int64) error {
	if err := t.forget(func(f *feature) []string { return f.forgetAccount }, id); err != nil {
		return err
	}
	_, err := t.exec(qDelAccount, id)
	return err
}

func (t accountStore) Stats(id int64) (world.Stats, error) {
	var s world.Stats
	err := t.one(fmt.Sprintf("account %d", id), qStats, []any{id}, &s.MessagesSent, &s.MessagesReceived, &s.LastMessageTime)
	return s, err
}

// CountTraffic writes counters the cache does not hold. Which bots receive the message comes
// from the cache when this transaction has not changed who is a member or a bot: the
// statement that finds them in SQL scans every account, O(world) per send.
func (t accountStore) CountTraffic(m world.Message) error {
	if !t.shaped {
		c := t.s.cache
		if _, ok := c.bots[m.SenderID]; ok {
			if err := t.write(qCountOne, nil, 1, 0, m.Time, m.SenderID); err != nil {
				return err
			}
		}
		for _, id := range c.receivingBots(m) {
			if err := t.write(qCountOne, nil, 0, 1, m.Time, id); err != nil {
				return err
			}
		}
		return nil
	}
	if m.Type == world.Grouped {
		return t.write(qCountGrp, nil, m.SenderID, m.SenderID, m.Time, m.SenderID, m.GroupID)
	}
	return t.write(qCountPriv, nil, m.SenderID, m.SenderID, m.Time, m.SenderID, m.PeerID)
}

func (c *cache) putAccount(a world.Account) {
	c.accounts[a.ID] = a
	if a.Bot {
		c.bots[a.ID] = struct{}{}
	} else {
		delete(c.bots, a.ID)
	}
	// Accounts appear in friend and member lists; they change rarely (world files, the
	// control API), so dropping the lists they may be in is cheaper than tracking them.
	clear(c.friendLists)
	for g := range c.userGroups[a.ID] {
		c.members[g].changed(a.ID)
	}
}

// receivingBots are the bots other than its sender that receive m: the private peer, or
// the group's members.
func (c *cache) receivingBots(m world.Message) []int64 {
	if m.Type != world.Grouped {
		if _, ok := c.bots[m.PeerID]; ok && m.PeerID != m.SenderID {
			return []int64{m.PeerID}
		}
		return nil
	}
	gm := c.members[m.GroupID]
	if gm == nil {
		return nil
	}
	var out []int64
	if len(c.bots) <= len(gm.order) {
		for id := range c.bots {
			if _, ok := gm.byUser[id]; ok && id != m.SenderID {
				out = append(out, id)
			}
		}
		return out
	}
	for _, id := range gm.order {
		if _, ok := c.bots[id]; ok && id != m.SenderID {
			out = append(out, id)
		}
	}
	return out
}
