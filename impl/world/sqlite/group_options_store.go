package sqlite

import "github.com/onespec/onespec/impl/world"

// groupOptionsStore keeps the options set for groups, one row a group, and each account's
// message setting for a group; they go with their group (and account).
type groupOptionsStore struct{ *tx }

func (t *tx) GroupOptions() world.GroupOptionsStore { return groupOptionsStore{t} }

var _ = register(feature{
	name: "group_options",
	migrations: []string{`
CREATE TABLE IF NOT EXISTS group_options (group_id INTEGER PRIMARY KEY, add_type INTEGER NOT NULL,
	question TEXT NOT NULL, answer TEXT NOT NULL, no_code_finger_open INTEGER NOT NULL, no_finger_open INTEGER NOT NULL,
	robot_member_switch INTEGER NOT NULL, robot_member_examine INTEGER NOT NULL, invite_policy TEXT NOT NULL,
	allow_upload_album INTEGER NOT NULL, allow_temporary_session INTEGER NOT NULL, allow_create_group INTEGER NOT NULL,
	new_member_history_visible INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS group_msg_masks (group_id INTEGER NOT NULL, user_id INTEGER NOT NULL, mask INTEGER NOT NULL,
	PRIMARY KEY (group_id, user_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS group_silenced_bots (group_id INTEGER NOT NULL, bot_id INTEGER NOT NULL,
	PRIMARY KEY (group_id, bot_id)) WITHOUT ROWID;`},
	tables: []string{"group_options", "group_msg_masks", "group_silenced_bots"},
	forgetGroup: []string{`DELETE FROM group_options WHERE group_id = ?1`, `DELETE FROM group_msg_masks WHERE group_id = ?1`,
		`DELETE FROM group_silenced_bots WHERE group_id = ?1`},
	forgetAccount: []string{`DELETE FROM group_msg_masks WHERE user_id = ?1`, `DELETE FROM group_silenced_bots WHERE bot_id = ?1`},
})

const groupOptionsColumns = `group_id, add_type, question, answer, no_code_finger_open, no_finger_open,
	robot_member_switch, robot_member_examine, invite_policy, allow_upload_album, allow_temporary_session,
	allow_create_group, new_member_history_visible`

var (
	qPutGroupOptions = query(`INSERT OR REPLACE INTO group_options (` + groupOptionsColumns + `) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	qGroupOptions    = query(`SELECT ` + groupOptionsColumns + ` FROM group_options WHERE group_id = ?`)
	qGroupMsgMask    = query(`SELECT mask FROM group_msg_masks WHERE group_id = ? AND user_id = ?`)
	qSetGroupMsgMask = query(`INSERT OR REPLACE INTO group_msg_masks (group_id, user_id, mask) VALUES (?, ?, ?)`)
	qSilencedBots    = query(`SELECT bot_id FROM group_silenced_bots WHERE group_id = ? ORDER BY bot_id`)
	qSilenceBot      = query(`INSERT OR IGNORE INTO group_silenced_bots (group_id, bot_id) VALUES (?, ?)`)
	qUnsilenceBot    = query(`DELETE FROM group_silenced_bots WHERE group_id = ? AND bot_id = ?`)
)

func groupOptionsFields(g *world.GroupOptions) []any {
	return []any{&g.GroupID, &g.AddType, &g.Question, &g.Answer, &g.NoCodeFingerOpen, &g.NoFingerOpen,
		&g.RobotMemberSwitch, &g.RobotMemberExamine, &g.InvitePolicy, &g.AllowUploadAlbum, &g.AllowTemporarySession,
		&g.AllowCreateGroup, &g.NewMemberHistoryVisible}
}

func (t groupOptionsStore) Get(groupID int64) (world.GroupOptions, error) {
	var g world.GroupOptions
	err := t.one("group options", qGroupOptions, []any{groupID}, groupOptionsFields(&g)...)
	return g, err
}

func (t groupOptionsStore) Put(g world.GroupOptions) error {
	_, err := t.exec(qPutGroupOptions, g.GroupID, g.AddType, g.Question, g.Answer, g.NoCodeFingerOpen, g.NoFingerOpen,
		g.RobotMemberSwitch, g.RobotMemberExamine, g.InvitePolicy, g.AllowUploadAlbum, g.AllowTemporarySession,
		g.AllowCreateGroup, g.NewMemberHistoryVisible)
	return err
}

func (t groupOptionsStore) MsgMask(groupID, userID int64) (int32, error) {
	var mask int32
	err := t.one("group message setting", qGroupMsgMask, []any{groupID, userID}, &mask)
	return mask, err
}

func (t groupOptionsStore) SetMsgMask(groupID, userID int64, mask int32) error {
	_, err := t.exec(qSetGroupMsgMask, groupID, userID, mask)
	return err
}

func (t groupOptionsStore) SilencedBots(groupID int64) ([]int64, error) {
	return list(t.tx, qSilencedBots, []any{groupID}, columns(func(id *int64) []any { return []any{id} }))
}

func (t groupOptionsStore) SetBotSilenced(groupID, botID int64, silenced bool) error {
	q := qUnsilenceBot
	if silenced {
		q = qSilenceBot
	}
	_, err := t.exec(q, groupID, botID)
	return err
}
