package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"

	"github.com/onespec/onespec/impl/world"
)

// tx is a world.Tx on one SQLite transaction.
type tx struct {
	ctx context.Context
	s   *Store
	// conn holds the connection from the first statement to the end (see Store.acquire);
	// began says the SQLite transaction is open. A view begins at its first statement.
	conn     *sql.Conn
	began    bool
	readOnly bool
	// c is the committed cache, to read from until this transaction writes a cached table
	// (then nil: its reads go to SQLite, which has its writes).
	c *cache
	// ops apply this transaction's writes to the cache once it has committed.
	ops []func(*cache)
	// reload drops the cache at commit: a cached table was written by a statement the cache
	// does not follow.
	reload bool
	// shaped says this transaction changed which accounts are bots or who is in which group,
	// so the committed cache cannot tell who receives a message.
	shaped bool
	// lastConv and lastSeq are the conversation and seq of the last message inserted.
	lastConv string
	lastSeq  int64
	// args and vals are reused by every statement of the transaction.
	args []driver.NamedValue
	vals []driver.Value
}

var _ world.Tx = (*tx)(nil)

// begin opens the SQLite transaction, taking the connection.
func (t *tx) begin() error {
	if t.conn == nil {
		conn, err := t.s.acquire(t.ctx)
		if err != nil {
			return err
		}
		t.conn = conn
	}
	q := qBegin
	if t.readOnly {
		q = qBeginRead // deferred: no write lock
	}
	if err := t.control(q); err != nil {
		return fmt.Errorf("sqlite: begin: %w", err)
	}
	t.began = true
	return nil
}

// release gives the connection back. A transaction still open here was cut short by a panic
// in fn: it is rolled back, or the next BEGIN would fail on the one connection for good.
func (t *tx) release() {
	if t.began {
		t.began = false
		t.control(qRollback)
	}
	if t.conn != nil {
		t.conn.Close()
		t.conn = nil
	}
}

// control runs a transaction control statement.
func (t *tx) control(q string) error {
	_, err := t.s.stmts[q].(driver.StmtExecContext).ExecContext(t.ctx, nil)
	return err
}

// stmt is q's prepared statement with args bound as the driver takes them, beginning the
// transaction at a view's first statement.
func (t *tx) stmt(q string, args []any) (driver.Stmt, []driver.NamedValue, error) {
	if !t.began {
		if err := t.begin(); err != nil {
			return nil, nil, err
		}
	}
	t.args = t.args[:0]
	for i, a := range args {
		switch a.(type) {
		case int64, string, nil, bool, float64, []byte:
		default:
			// Named types (world.Role, int32, sql.NullString…) as database/sql converts them.
			v, err := driver.DefaultParameterConverter.ConvertValue(a)
			if err != nil {
				return nil, nil, fmt.Errorf("sqlite: argument %d of %.40q: %w", i+1, q, err)
			}
			a = v
		}
		t.args = append(t.args, driver.NamedValue{Ordinal: i + 1, Value: a})
	}
	return t.s.stmts[q], t.args, nil
}

// exec runs a statement that changes nothing the cache holds (or, when it writes a cached
// table, drops the cache at commit: see cachedTables).
func (t *tx) exec(q string, args ...any) (driver.Result, error) {
	if writesCache[q] {
		t.c, t.reload, t.shaped = nil, true, true
	}
	return t.run(q, args)
}

// write runs a statement that writes a cached table and queues op, the same change to the
// cache, for the commit. A nil op says the statement changes no cached column.
func (t *tx) write(q string, op func(*cache), args ...any) error {
	if op != nil {
		t.c = nil
		t.ops = append(t.ops, op)
	}
	_, err := t.run(q, args)
	return err
}

func (t *tx) run(q string, args []any) (driver.Result, error) {
	st, named, err := t.stmt(q, args)
	if err != nil {
		return nil, err
	}
	r, err := st.(driver.StmtExecContext).ExecContext(t.ctx, named)
	if err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	return r, nil
}

// one scans one row; a missing row is ErrNotFound described by what.
func (t *tx) one(what string, q string, args []any, dest ...any) error {
	found := false
	err := t.all(q, args, func(scan func(...any) error) error {
		if found {
			return nil
		}
		found = true
		return scan(dest...)
	})
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if !found {
		return fmt.Errorf("%s: %w", what, world.ErrNotFound)
	}
	return nil
}

// all runs q and calls each for every row, with a function that scans the row into
// pointers.
func (t *tx) all(q string, args []any, each func(scan func(...any) error) error) error {
	st, named, err := t.stmt(q, args)
	if err != nil {
		return err
	}
	rows, err := st.(driver.StmtQueryContext).QueryContext(t.ctx, named)
	if err != nil {
		return fmt.Errorf("sqlite: %w", err)
	}
	defer rows.Close()
	n := len(rows.Columns())
	if cap(t.vals) < n {
		t.vals = make([]driver.Value, n)
	}
	vals := t.vals[:n]
	scan := func(dest ...any) error {
		if len(dest) != n {
			return fmt.Errorf("%d columns scanned into %d values", n, len(dest))
		}
		for i, d := range dest {
			if err := assign(d, vals[i]); err != nil {
				return fmt.Errorf("column %d: %w", i+1, err)
			}
		}
		return nil
	}
	for {
		if err := rows.Next(vals); err == io.EOF {
			return nil
		} else if err != nil {
			return fmt.Errorf("sqlite: %w", err)
		}
		if err := each(scan); err != nil {
			return fmt.Errorf("sqlite: %w", err)
		}
	}
}

// assign stores a column value (int64, string, nil, float64 or []byte from the driver) in
// dest, as database/sql's Scan would for the types the store scans into.
func assign(dest any, v driver.Value) error {
	switch d := dest.(type) {
	case *int64:
		if i, ok := v.(int64); ok {
			*d = i
			return nil
		}
	case *int32:
		if i, ok := v.(int64); ok {
			*d = int32(i)
			return nil
		}
	case *int:
		if i, ok := v.(int64); ok {
			*d = int(i)
			return nil
		}
	case *bool:
		if i, ok := v.(int64); ok {
			*d = i != 0
			return nil
		}
	case *string:
		switch x := v.(type) {
		case string:
			*d = x
			return nil
		case []byte:
			*d = string(x)
			return nil
		}
	case *sql.NullString:
		return d.Scan(v)
	default:
		// Named string and integer types: world.Role, world.Sex…
		rv := reflect.ValueOf(dest)
		if rv.Kind() == reflect.Pointer && !rv.IsNil() {
			e := rv.Elem()
			switch x := v.(type) {
			case string:
				if e.Kind() == reflect.String {
					e.SetString(x)
					return nil
				}
			case int64:
				switch e.Kind() {
				case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
					e.SetInt(x)
					return nil
				}
			}
		}
	}
	return fmt.Errorf("cannot store %T in %T", v, dest)
}

var (
	qMeta    = query(`SELECT value FROM meta WHERE key = ?`)
	qSetMeta = query(`INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`)
)

func (t *tx) Meta(key string) (string, bool, error) {
	if t.c != nil {
		v, ok := t.c.meta[key]
		return v, ok, nil
	}
	var v string
	err := t.one("meta "+key, qMeta, []any{key}, &v)
	if errors.Is(err, world.ErrNotFound) {
		return "", false, nil
	}
	return v, err == nil, err
}

func (t *tx) SetMeta(key, value string) error {
	return t.write(qSetMeta, func(c *cache) { c.meta[key] = value }, key, value)
}

var (
	qAccount    = query(`SELECT id, nickname, sex, age, level, sign, area, bot FROM accounts WHERE id = ?`)
	qPutAccount = query(`INSERT INTO accounts (id, nickname, sex, age, level, sign, area, bot) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET nickname = excluded.nickname, sex = excluded.sex, age = excluded.age,
		level = excluded.level, sign = excluded.sign, area = excluded.area, bot = excluded.bot`)
	qStats = query(`SELECT sent, received, last_message_time FROM accounts WHERE id = ?`)
	// One statement counts the sender's message sent and every receiving bot's received.
	qCountPriv = query(`UPDATE accounts SET sent = sent + (id = ?), received = received + (id != ?), last_message_time = ?
		WHERE bot AND (id = ? OR id = ?)`)
	qCountOne = query(`UPDATE accounts SET sent = sent + ?, received = received + ?, last_message_time = ? WHERE id = ?`)
	qCountGrp = query(`UPDATE accounts SET sent = sent + (id = ?), received = received + (id != ?), last_message_time = ?
		WHERE bot AND (id = ? OR id IN (SELECT user_id FROM members WHERE group_id = ?))`)
)

func (t *tx) Account(id int64) (world.Account, error) {
	if t.c != nil {
		a, ok := t.c.accounts[id]
		if !ok {
			return a, fmt.Errorf("account %d: %w", id, world.ErrNotFound)
		}
		return a, nil
	}
	var a world.Account
	err := t.one(fmt.Sprintf("account %d", id), qAccount, []any{id}, &a.ID, &a.Nickname, &a.Sex, &a.Age, &a.Level, &a.Sign, &a.Area, &a.Bot)
	return a, err
}

func (t *tx) PutAccount(a world.Account) error {
	t.shaped = true
	return t.write(qPutAccount, func(c *cache) { c.putAccount(a) }, a.ID, a.Nickname, a.Sex, a.Age, a.Level, a.Sign, a.Area, a.Bot)
}

func (t *tx) Stats(id int64) (world.Stats, error) {
	var s world.Stats
	err := t.one(fmt.Sprintf("account %d", id), qStats, []any{id}, &s.MessagesSent, &s.MessagesReceived, &s.LastMessageTime)
	return s, err
}

// CountTraffic writes counters the cache does not hold. Which bots receive the message comes
// from the cache when this transaction has not changed who is a member or a bot: the
// statement that finds them in SQL scans every account, O(world) per send.
func (t *tx) CountTraffic(m world.Message) error {
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

var (
	qFriends = query(`SELECT a.id, a.nickname, a.sex, a.age, a.level, a.sign, a.area, a.bot, f.remark
		FROM friendships f JOIN accounts a ON a.id = f.friend_id WHERE f.owner_id = ? ORDER BY a.id`)
	qFriendship    = query(`SELECT remark FROM friendships WHERE owner_id = ? AND friend_id = ?`)
	qPutFriendship = query(`INSERT INTO friendships (owner_id, friend_id, remark) VALUES (?, ?, ?)
		ON CONFLICT (owner_id, friend_id) DO UPDATE SET remark = excluded.remark`)
	qAddLikes = query(`INSERT INTO likes (from_id, to_id, count) VALUES (?, ?, ?)
		ON CONFLICT (from_id, to_id) DO UPDATE SET count = count + excluded.count`)
	qFriendRequest    = query(`SELECT flag, from_id, to_id, comment, time FROM friend_requests WHERE flag = ?`)
	qPutFriendRequest = query(`INSERT OR REPLACE INTO friend_requests (flag, from_id, to_id, comment, time) VALUES (?, ?, ?, ?, ?)`)
	qDelFriendRequest = query(`DELETE FROM friend_requests WHERE flag = ?`)
)

func (t *tx) Friends(owner int64) ([]world.Friend, error) {
	if t.c != nil {
		return t.c.friendList(owner), nil
	}
	var out []world.Friend
	err := t.all(qFriends, []any{owner}, func(scan func(...any) error) error {
		var f world.Friend
		err := scan(&f.ID, &f.Nickname, &f.Sex, &f.Age, &f.Level, &f.Sign, &f.Area, &f.Bot, &f.Remark)
		out = append(out, f)
		return err
	})
	return out, err
}

func (t *tx) Friendship(owner, other int64) (string, bool, error) {
	if t.c != nil {
		remark, ok := t.c.friends[owner][other]
		return remark, ok, nil
	}
	var remark string
	err := t.one("friendship", qFriendship, []any{owner, other}, &remark)
	if errors.Is(err, world.ErrNotFound) {
		return "", false, nil
	}
	return remark, err == nil, err
}

func (t *tx) PutFriendship(owner, other int64, remark string) error {
	return t.write(qPutFriendship, func(c *cache) { c.putFriendship(owner, other, remark) }, owner, other, remark)
}

func (t *tx) AddLikes(from, to int64, times int32) error {
	_, err := t.exec(qAddLikes, from, to, times)
	return err
}

func (t *tx) FriendRequest(flag string) (world.FriendRequest, error) {
	var r world.FriendRequest
	err := t.one(fmt.Sprintf("friend request %q", flag), qFriendRequest, []any{flag}, &r.Flag, &r.From, &r.To, &r.Comment, &r.Time)
	return r, err
}

func (t *tx) PutFriendRequest(r world.FriendRequest) error {
	_, err := t.exec(qPutFriendRequest, r.Flag, r.From, r.To, r.Comment, r.Time)
	return err
}

func (t *tx) DeleteFriendRequest(flag string) error {
	_, err := t.exec(qDelFriendRequest, flag)
	return err
}

var (
	qGroup    = query(`SELECT id, name, memo, max_members, whole_ban, allow_anonymous, created_at, talkative FROM chat_groups WHERE id = ?`)
	qPutGroup = query(`INSERT INTO chat_groups (id, name, memo, max_members, whole_ban, allow_anonymous, created_at, talkative)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name, memo = excluded.memo,
		max_members = excluded.max_members, whole_ban = excluded.whole_ban, allow_anonymous = excluded.allow_anonymous,
		created_at = excluded.created_at, talkative = excluded.talkative`)
	qGroups = query(`SELECT g.id, g.name, g.memo, g.max_members, g.whole_ban, g.allow_anonymous, g.created_at, g.talkative,
		(SELECT count(*) FROM members c WHERE c.group_id = g.id)
		FROM members m JOIN chat_groups g ON g.id = m.group_id WHERE m.user_id = ? ORDER BY g.id`)
	deleteGroup = []string{
		query(`DELETE FROM members WHERE group_id = ?`),
		query(`DELETE FROM blocked WHERE group_id = ?`),
		query(`DELETE FROM anonymous WHERE group_id = ?`),
		query(`DELETE FROM honors WHERE group_id = ?`),
		query(`DELETE FROM announcements WHERE group_id = ?`),
		query(`DELETE FROM essences WHERE group_id = ?`),
		query(`DELETE FROM group_requests WHERE group_id = ?`),
		query(`DELETE FROM chat_groups WHERE id = ?`),
	}
)

func scanGroup(scan func(...any) error, extra ...any) (world.Group, error) {
	var g world.Group
	var talkative sql.NullString
	if err := scan(append([]any{&g.ID, &g.Name, &g.Memo, &g.MaxMembers, &g.WholeBan, &g.AllowAnonymous, &g.CreatedAt, &talkative}, extra...)...); err != nil {
		return g, err
	}
	if talkative.Valid {
		g.Talkative = &world.Honor{}
		if err := json.Unmarshal([]byte(talkative.String), g.Talkative); err != nil {
			return g, fmt.Errorf("group %d talkative: %w", g.ID, err)
		}
	}
	return g, nil
}

func (t *tx) Group(id int64) (world.Group, error) {
	if t.c != nil {
		g, ok := t.c.groups[id]
		if !ok {
			return g, fmt.Errorf("group %d: %w", id, world.ErrNotFound)
		}
		return g, nil
	}
	var g world.Group
	found := false
	err := t.all(qGroup, []any{id}, func(scan func(...any) error) error {
		var err error
		g, err = scanGroup(scan)
		found = true
		return err
	})
	if err == nil && !found {
		err = fmt.Errorf("group %d: %w", id, world.ErrNotFound)
	}
	return g, err
}

func (t *tx) PutGroup(g world.Group) error {
	var talkative sql.NullString
	if g.Talkative != nil {
		b, err := json.Marshal(g.Talkative)
		if err != nil {
			return err
		}
		talkative = sql.NullString{String: string(b), Valid: true}
	}
	return t.write(qPutGroup, func(c *cache) { c.putGroup(g) }, g.ID, g.Name, g.Memo, g.MaxMembers, g.WholeBan, g.AllowAnonymous, g.CreatedAt, talkative)
}

func (t *tx) DeleteGroup(id int64) error {
	t.shaped = true
	// The members and the group row are cached; the rest is not.
	if err := t.write(deleteGroup[0], func(c *cache) { c.deleteGroup(id) }, id); err != nil {
		return err
	}
	for _, q := range deleteGroup[1:] {
		if err := t.write(q, nil, id); err != nil {
			return err
		}
	}
	return nil
}

func (t *tx) Groups(userID int64) ([]world.GroupSummary, error) {
	if t.c != nil {
		return t.c.groupList(userID), nil
	}
	var out []world.GroupSummary
	err := t.all(qGroups, []any{userID}, func(scan func(...any) error) error {
		var count int32
		g, err := scanGroup(scan, &count)
		out = append(out, world.GroupSummary{Group: g, MemberCount: count})
		return err
	})
	return out, err
}

const memberCols = `m.group_id, m.user_id, m.role, m.card, m.level, m.title, m.title_expire_time, m.join_time, m.last_sent_time, m.muted_until`

var (
	qMembership    = query(`SELECT ` + memberCols + ` FROM members m WHERE m.group_id = ? AND m.user_id = ?`)
	qPutMembership = query(`INSERT OR REPLACE INTO members (group_id, user_id, role, card, level, title, title_expire_time,
		join_time, last_sent_time, muted_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	qDelMembership = query(`DELETE FROM members WHERE group_id = ? AND user_id = ?`)
	qMembers       = query(`SELECT ` + memberCols + `, a.id, a.nickname, a.sex, a.age, a.level, a.sign, a.area, a.bot
		FROM members m JOIN accounts a ON a.id = m.user_id WHERE m.group_id = ? ORDER BY m.user_id`)
	qBlock         = query(`INSERT OR IGNORE INTO blocked (group_id, user_id) VALUES (?, ?)`)
	qBlocked       = query(`SELECT 1 FROM blocked WHERE group_id = ? AND user_id = ?`)
	qAnonymous     = query(`SELECT muted_until FROM anonymous WHERE group_id = ? AND flag = ?`)
	qPutAnonymous  = query(`INSERT OR REPLACE INTO anonymous (group_id, flag, muted_until) VALUES (?, ?, ?)`)
	qHonors        = query(`SELECT type, user_id, description, day_count FROM honors WHERE group_id = ? ORDER BY position`)
	qDelHonors     = query(`DELETE FROM honors WHERE group_id = ?`)
	qPutHonor      = query(`INSERT INTO honors (group_id, position, type, user_id, description, day_count) VALUES (?, ?, ?, ?, ?, ?)`)
	qAnnounce      = query(`INSERT INTO announcements (group_id, sender_id, time, content) VALUES (?, ?, ?, ?)`)
	qAnnouncements = query(`SELECT id, group_id, sender_id, time, content FROM announcements WHERE group_id = ? ORDER BY id`)
	qPutEssence    = query(`INSERT OR REPLACE INTO essences (group_id, message_id, operator_id, time) VALUES (?, ?, ?, ?)`)
	qDelEssence    = query(`DELETE FROM essences WHERE group_id = ? AND message_id = ?`)
	qEssences      = query(`SELECT group_id, message_id, operator_id, time FROM essences WHERE group_id = ? ORDER BY message_id`)
)

func memberPtrs(m *world.Membership) []any {
	return []any{&m.GroupID, &m.UserID, &m.Role, &m.Card, &m.Level, &m.Title, &m.TitleExpireTime, &m.JoinTime, &m.LastSentTime, &m.MutedUntil}
}

func (t *tx) Membership(groupID, userID int64) (world.Membership, error) {
	if t.c != nil {
		if gm := t.c.members[groupID]; gm != nil {
			if m, ok := gm.byUser[userID]; ok {
				return m, nil
			}
		}
		return world.Membership{}, fmt.Errorf("user %d in group %d: %w", userID, groupID, world.ErrNotFound)
	}
	var m world.Membership
	err := t.one(fmt.Sprintf("user %d in group %d", userID, groupID), qMembership, []any{groupID, userID}, memberPtrs(&m)...)
	return m, err
}

func (t *tx) PutMembership(m world.Membership) error {
	if t.c != nil {
		if old, ok := t.c.members[m.GroupID].get(m.UserID); ok && old == m {
			// Unchanged (a member sending again within the second): nothing to write.
			return nil
		}
	}
	if _, ok := t.s.cache.members[m.GroupID].get(m.UserID); !ok {
		t.shaped = true // a new member
	}
	return t.write(qPutMembership, func(c *cache) { c.putMembership(m) },
		m.GroupID, m.UserID, m.Role, m.Card, m.Level, m.Title, m.TitleExpireTime, m.JoinTime, m.LastSentTime, m.MutedUntil)
}

func (t *tx) DeleteMembership(groupID, userID int64) error {
	t.shaped = true
	return t.write(qDelMembership, func(c *cache) { c.deleteMembership(groupID, userID) }, groupID, userID)
}

func (t *tx) Members(groupID int64) ([]world.MemberView, error) {
	if t.c != nil {
		return t.c.memberList(groupID), nil
	}
	var out []world.MemberView
	err := t.all(qMembers, []any{groupID}, func(scan func(...any) error) error {
		var v world.MemberView
		a := &v.Account
		err := scan(append(memberPtrs(&v.Membership), &a.ID, &a.Nickname, &a.Sex, &a.Age, &a.Level, &a.Sign, &a.Area, &a.Bot)...)
		out = append(out, v)
		return err
	})
	return out, err
}

func (t *tx) Block(groupID, userID int64) error {
	_, err := t.exec(qBlock, groupID, userID)
	return err
}

func (t *tx) Blocked(groupID, userID int64) (bool, error) {
	var one int
	err := t.one("blocked", qBlocked, []any{groupID, userID}, &one)
	if errors.Is(err, world.ErrNotFound) {
		return false, nil
	}
	return err == nil, err
}

func (t *tx) AnonymousMute(groupID int64, flag string) (int64, bool, error) {
	var until int64
	err := t.one("anonymous", qAnonymous, []any{groupID, flag}, &until)
	if errors.Is(err, world.ErrNotFound) {
		return 0, false, nil
	}
	return until, err == nil, err
}

func (t *tx) PutAnonymous(groupID int64, flag string, until int64) error {
	_, err := t.exec(qPutAnonymous, groupID, flag, until)
	return err
}

func (t *tx) Honors(groupID int64) ([]world.Honor, error) {
	var out []world.Honor
	err := t.all(qHonors, []any{groupID}, func(scan func(...any) error) error {
		var h world.Honor
		err := scan(&h.Type, &h.UserID, &h.Description, &h.DayCount)
		out = append(out, h)
		return err
	})
	return out, err
}

func (t *tx) PutHonors(groupID int64, honors []world.Honor) error {
	if _, err := t.exec(qDelHonors, groupID); err != nil {
		return err
	}
	for i, h := range honors {
		if _, err := t.exec(qPutHonor, groupID, i, h.Type, h.UserID, h.Description, h.DayCount); err != nil {
			return err
		}
	}
	return nil
}

func (t *tx) AddAnnouncement(a world.Announcement) (int64, error) {
	r, err := t.exec(qAnnounce, a.GroupID, a.SenderID, a.Time, a.Content)
	if err != nil {
		return 0, err
	}
	return r.LastInsertId()
}

func (t *tx) Announcements(groupID int64) ([]world.Announcement, error) {
	var out []world.Announcement
	err := t.all(qAnnouncements, []any{groupID}, func(scan func(...any) error) error {
		var a world.Announcement
		err := scan(&a.ID, &a.GroupID, &a.SenderID, &a.Time, &a.Content)
		out = append(out, a)
		return err
	})
	return out, err
}

func (t *tx) PutEssence(e world.Essence) error {
	_, err := t.exec(qPutEssence, e.GroupID, e.MessageID, e.OperatorID, e.Time)
	return err
}

func (t *tx) DeleteEssence(groupID int64, messageID int32) error {
	_, err := t.exec(qDelEssence, groupID, messageID)
	return err
}

func (t *tx) Essences(groupID int64) ([]world.Essence, error) {
	var out []world.Essence
	err := t.all(qEssences, []any{groupID}, func(scan func(...any) error) error {
		var e world.Essence
		err := scan(&e.GroupID, &e.MessageID, &e.OperatorID, &e.Time)
		out = append(out, e)
		return err
	})
	return out, err
}

var (
	qGroupRequest    = query(`SELECT flag, kind, group_id, user_id, target_id, comment, time FROM group_requests WHERE flag = ?`)
	qPutGroupRequest = query(`INSERT OR REPLACE INTO group_requests (flag, kind, group_id, user_id, target_id, comment, time) VALUES (?, ?, ?, ?, ?, ?, ?)`)
	qDelGroupRequest = query(`DELETE FROM group_requests WHERE flag = ?`)
)

func (t *tx) GroupRequest(flag string) (world.GroupRequest, error) {
	var r world.GroupRequest
	err := t.one(fmt.Sprintf("group request %q", flag), qGroupRequest, []any{flag}, &r.Flag, &r.Kind, &r.GroupID, &r.UserID, &r.TargetID, &r.Comment, &r.Time)
	return r, err
}

func (t *tx) PutGroupRequest(r world.GroupRequest) error {
	_, err := t.exec(qPutGroupRequest, r.Flag, r.Kind, r.GroupID, r.UserID, r.TargetID, r.Comment, r.Time)
	return err
}

func (t *tx) DeleteGroupRequest(flag string) error {
	_, err := t.exec(qDelGroupRequest, flag)
	return err
}

var (
	qNextSeq = query(`INSERT INTO conversations (conv, last_seq) VALUES (?, 1)
		ON CONFLICT (conv) DO UPDATE SET last_seq = last_seq + 1 RETURNING last_seq`)
	qInsertMessage = query(`INSERT INTO messages (id, conv, seq, type, group_id, peer_id, sender_id, time, segments)
		VALUES (NULLIF(?, 0), ?, ?, ?, ?, ?, ?, ?, ?)`)
	qMessage = query(`SELECT id, type, group_id, peer_id, sender_id, seq, time, segments, recalled, recalled_by,
		(SELECT group_concat(hash) FROM message_media mm WHERE mm.message_id = messages.id) FROM messages WHERE id = ?`)
	qRecall    = query(`UPDATE messages SET recalled = 1, recalled_by = ? WHERE id = ?`)
	qLinkMedia = query(`INSERT OR IGNORE INTO message_media (message_id, hash) VALUES (?, ?)`)
	qPutMedia  = query(`INSERT OR IGNORE INTO media (hash, size) VALUES (?, ?)`)
	// Pruning: the doomed ids first, then everything that hangs off them.
	qPruneCount = query(`INSERT INTO doomed SELECT id FROM messages WHERE conv = ? AND seq <= (SELECT last_seq FROM conversations WHERE conv = ?) - ?`)
	qPruneAge   = query(`INSERT OR IGNORE INTO doomed SELECT id FROM messages WHERE conv = ? AND time < ?`)
	qPruneMedia = query(`INSERT OR IGNORE INTO doomed SELECT DISTINCT mm.message_id FROM message_media mm
		WHERE mm.message_id <= (SELECT max(message_id) FROM (SELECT mm2.message_id,
			sum(m.size) OVER (ORDER BY mm2.message_id DESC) AS newer_bytes
			FROM message_media mm2 JOIN media m ON m.hash = mm2.hash) WHERE newer_bytes > ?)`)
	pruneDoomed = []string{
		query(`DELETE FROM messages WHERE id IN (SELECT id FROM doomed)`),
		query(`DELETE FROM message_media WHERE message_id IN (SELECT id FROM doomed)`),
		query(`DELETE FROM essences WHERE message_id IN (SELECT id FROM doomed)`),
		query(`DELETE FROM doomed`),
	}
	qUnreferenced  = query(`SELECT hash FROM media WHERE hash NOT IN (SELECT hash FROM message_media)`)
	qDelMedia      = query(`DELETE FROM media WHERE hash = ?`)
	qDelMediaFiles = query(`DELETE FROM files WHERE hash = ?`)
	qMediaBytes    = query(`SELECT coalesce(sum(size), 0) FROM media`)
	qHasMedia      = query(`SELECT 1 FROM media WHERE hash = ?`)
	qCountDoomed   = query(`SELECT count(*) FROM doomed`)
	qForward       = query(`SELECT nodes FROM forwards WHERE id = ?`)
	qPutForward    = query(`INSERT OR REPLACE INTO forwards (id, nodes) VALUES (?, ?)`)
	qFile          = query(`SELECT name, kind, url, size, hash FROM files WHERE kind = ? AND name = ?`)
	qPutFile       = query(`INSERT OR REPLACE INTO files (kind, name, url, size, hash) VALUES (?, ?, ?, ?, ?)`)
)

func (t *tx) InsertMessage(m *world.Message) error {
	conv := m.Conversation()
	if err := t.one("conversation", qNextSeq, []any{conv}, &m.Seq); err != nil {
		return err
	}
	segs, err := json.Marshal(m.Segments)
	if err != nil {
		return fmt.Errorf("encoding message segments: %w", err)
	}
	r, err := t.exec(qInsertMessage, m.ID, conv, m.Seq, m.Type, m.GroupID, m.PeerID, m.SenderID, m.Time, string(segs))
	if err != nil {
		return err
	}
	id, err := r.LastInsertId() // the id: an INTEGER PRIMARY KEY is the rowid
	if err != nil {
		return fmt.Errorf("sqlite: %w", err)
	}
	t.lastConv, t.lastSeq = conv, m.Seq
	if id > int64(^uint32(0)>>1) {
		return fmt.Errorf("message id %d does not fit in int32: %w", id, world.ErrInvalid)
	}
	m.ID = int32(id)
	for _, h := range m.Media {
		if _, err := t.exec(qLinkMedia, m.ID, h); err != nil {
			return err
		}
	}
	return nil
}

func (t *tx) Message(id int32) (world.Message, error) {
	var m world.Message
	var segs string
	var media sql.NullString
	if err := t.one(fmt.Sprintf("message %d", id), qMessage, []any{id}, &m.ID, &m.Type, &m.GroupID, &m.PeerID, &m.SenderID, &m.Seq, &m.Time, &segs, &m.Recalled, &m.RecalledBy, &media); err != nil {
		return m, err
	}
	if err := json.Unmarshal([]byte(segs), &m.Segments); err != nil {
		return m, fmt.Errorf("message %d segments: %w", id, err)
	}
	if media.Valid {
		m.Media = splitComma(media.String)
	}
	return m, nil
}

func splitComma(s string) []string {
	var out []string
	start := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ',' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return out
}

func (t *tx) MarkRecalled(id int32, by int64) error { _, err := t.exec(qRecall, by, id); return err }

// prune deletes the doomed messages and what hangs off them, returning how many went.
func (t *tx) prune() (int, error) {
	var n int
	if err := t.one("doomed", qCountDoomed, nil, &n); err != nil {
		return 0, err
	}
	for _, q := range pruneDoomed {
		if _, err := t.exec(q); err != nil {
			return 0, err
		}
	}
	return n, nil
}

// doom runs a statement that adds ids to doomed and reports how many it added.
func (t *tx) doom(q string, args ...any) (int64, error) {
	r, err := t.exec(q, args...)
	if err != nil {
		return 0, err
	}
	return r.RowsAffected()
}

func (t *tx) PruneConversation(conv string, keep int, before int64) (int, error) {
	var doomed int64
	// Just after InsertMessage the conversation's last seq is known: at most keep messages
	// means none is beyond it, and the query can be skipped.
	if keep > 0 && !(conv == t.lastConv && t.lastSeq <= int64(keep)) {
		n, err := t.doom(qPruneCount, conv, conv, keep)
		if err != nil {
			return 0, err
		}
		doomed += n
	}
	if before > 0 {
		n, err := t.doom(qPruneAge, conv, before)
		if err != nil {
			return 0, err
		}
		doomed += n
	}
	if doomed == 0 {
		// Nearly every write: nothing fell out, so skip the four deletes.
		return 0, nil
	}
	return t.prune()
}

func (t *tx) PruneMedia(maxBytes int64) (int, error) {
	n, err := t.doom(qPruneMedia, maxBytes)
	if err != nil || n == 0 {
		return 0, err
	}
	return t.prune()
}

func (t *tx) UnreferencedMedia() ([]string, error) {
	var out []string
	err := t.all(qUnreferenced, nil, func(scan func(...any) error) error {
		var h string
		err := scan(&h)
		out = append(out, h)
		return err
	})
	if err != nil {
		return nil, err
	}
	for _, h := range out {
		if _, err := t.exec(qDelMedia, h); err != nil {
			return nil, err
		}
		if _, err := t.exec(qDelMediaFiles, h); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (t *tx) PutMedia(hash string, size int64) error {
	_, err := t.exec(qPutMedia, hash, size)
	return err
}

func (t *tx) HasMedia(hash string) (bool, error) {
	var one int
	err := t.one("media", qHasMedia, []any{hash}, &one)
	if errors.Is(err, world.ErrNotFound) {
		return false, nil
	}
	return err == nil, err
}

func (t *tx) MediaBytes() (int64, error) {
	var n int64
	err := t.one("media bytes", qMediaBytes, nil, &n)
	return n, err
}

func (t *tx) Forward(id string) ([]world.ForwardNode, error) {
	var raw string
	if err := t.one(fmt.Sprintf("forward %q", id), qForward, []any{id}, &raw); err != nil {
		return nil, err
	}
	var nodes []world.ForwardNode
	if err := json.Unmarshal([]byte(raw), &nodes); err != nil {
		return nil, fmt.Errorf("forward %q: %w", id, err)
	}
	return nodes, nil
}

func (t *tx) PutForward(id string, nodes []world.ForwardNode) error {
	raw, err := json.Marshal(nodes)
	if err != nil {
		return fmt.Errorf("encoding forward %q: %w", id, err)
	}
	_, err = t.exec(qPutForward, id, string(raw))
	return err
}

func (t *tx) File(kind world.FileKind, name string) (world.File, error) {
	var f world.File
	err := t.one(fmt.Sprintf("%s %q", kind, name), qFile, []any{kind, name}, &f.Name, &f.Kind, &f.URL, &f.Size, &f.Hash)
	return f, err
}

func (t *tx) PutFile(f world.File) error {
	_, err := t.exec(qPutFile, f.Kind, f.Name, f.URL, f.Size, f.Hash)
	return err
}
