package sqlite

import (
	"fmt"

	"github.com/onespec/onespec/impl/world"
)

// friendRequestStore and groupRequestStore keep pending requests by flag.
type (
	friendRequestStore struct{ *tx }
	groupRequestStore  struct{ *tx }
)

func (t *tx) FriendRequests() world.FriendRequestStore { return friendRequestStore{t} }
func (t *tx) GroupRequests() world.GroupRequestStore   { return groupRequestStore{t} }

var _ = register(feature{
	name: "requests",
	migrations: []string{`
CREATE TABLE IF NOT EXISTS friend_requests (flag TEXT PRIMARY KEY, from_id INTEGER NOT NULL, to_id INTEGER NOT NULL,
	comment TEXT NOT NULL, time INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS group_requests (flag TEXT PRIMARY KEY, kind TEXT NOT NULL, group_id INTEGER NOT NULL,
	user_id INTEGER NOT NULL, target_id INTEGER NOT NULL, comment TEXT NOT NULL, time INTEGER NOT NULL) WITHOUT ROWID;`},
	tables: []string{"friend_requests", "group_requests"},
	forgetAccount: []string{
		`DELETE FROM friend_requests WHERE from_id = ?1 OR to_id = ?1`,
		`DELETE FROM group_requests WHERE user_id = ?1 OR target_id = ?1`,
	},
	forgetGroup: []string{`DELETE FROM group_requests WHERE group_id = ?1`},
})

const (
	friendRequestCols = `flag, from_id, to_id, comment, time`
	groupRequestCols  = `flag, kind, group_id, user_id, target_id, comment, time`
)

var (
	qFriendRequest    = query(`SELECT ` + friendRequestCols + ` FROM friend_requests WHERE flag = ?`)
	qFriendRequests   = query(`SELECT ` + friendRequestCols + ` FROM friend_requests ORDER BY flag`)
	qPutFriendRequest = query(`INSERT OR REPLACE INTO friend_requests (` + friendRequestCols + `) VALUES (?, ?, ?, ?, ?)`)
	qDelFriendRequest = query(`DELETE FROM friend_requests WHERE flag = ?`)
	qGroupRequest     = query(`SELECT ` + groupRequestCols + ` FROM group_requests WHERE flag = ?`)
	qGroupRequests    = query(`SELECT ` + groupRequestCols + ` FROM group_requests ORDER BY flag`)
	qPutGroupRequest  = query(`INSERT OR REPLACE INTO group_requests (` + groupRequestCols + `) VALUES (?, ?, ?, ?, ?, ?, ?)`)
	qDelGroupRequest  = query(`DELETE FROM group_requests WHERE flag = ?`)
)

func friendRequestPtrs(r *world.FriendRequest) []any {
	return []any{&r.Flag, &r.From, &r.To, &r.Comment, &r.Time}
}

func groupRequestPtrs(r *world.GroupRequest) []any {
	return []any{&r.Flag, &r.Kind, &r.GroupID, &r.UserID, &r.TargetID, &r.Comment, &r.Time}
}

func (t friendRequestStore) Get(flag string) (world.FriendRequest, error) {
	var r world.FriendRequest
	err := t.one(fmt.Sprintf("friend request %q", flag), qFriendRequest, []any{flag}, friendRequestPtrs(&r)...)
	return r, err
}

func (t friendRequestStore) Put(r world.FriendRequest) error {
	_, err := t.exec(qPutFriendRequest, r.Flag, r.From, r.To, r.Comment, r.Time)
	return err
}

func (t friendRequestStore) Delete(flag string) error {
	_, err := t.exec(qDelFriendRequest, flag)
	return err
}

func (t friendRequestStore) All() ([]world.FriendRequest, error) {
	return list(t.tx, qFriendRequests, nil, columns(friendRequestPtrs))
}

func (t groupRequestStore) Get(flag string) (world.GroupRequest, error) {
	var r world.GroupRequest
	err := t.one(fmt.Sprintf("group request %q", flag), qGroupRequest, []any{flag}, groupRequestPtrs(&r)...)
	return r, err
}

func (t groupRequestStore) Put(r world.GroupRequest) error {
	_, err := t.exec(qPutGroupRequest, r.Flag, r.Kind, r.GroupID, r.UserID, r.TargetID, r.Comment, r.Time)
	return err
}

func (t groupRequestStore) Delete(flag string) error {
	_, err := t.exec(qDelGroupRequest, flag)
	return err
}

func (t groupRequestStore) All() ([]world.GroupRequest, error) {
	return list(t.tx, qGroupRequests, nil, columns(groupRequestPtrs))
}
