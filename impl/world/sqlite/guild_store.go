package sqlite

import (
	"encoding/json"
	"fmt"

	"github.com/onespec/onespec/impl/world"
)

// guildStore keeps guilds (QQ 频道) with their channels, roles, members, channel messages and
// topic feeds. Guilds are not groups: a group's deletion leaves them; an account's memberships,
// grants, messages and feeds go with the account.
type guildStore struct{ *tx }

func (t *tx) Guilds() world.GuildStore { return guildStore{t} }

var _ = register(feature{
	name: "guilds",
	migrations: []string{`
CREATE TABLE IF NOT EXISTS guilds (id TEXT PRIMARY KEY, name TEXT NOT NULL, profile TEXT NOT NULL, display_id TEXT NOT NULL,
	owner_id INTEGER NOT NULL, created INTEGER NOT NULL, max_members INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS guild_channels (guild_id TEXT NOT NULL, id TEXT NOT NULL, name TEXT NOT NULL, type INTEGER NOT NULL,
	creator_id INTEGER NOT NULL, created INTEGER NOT NULL, PRIMARY KEY (guild_id, id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS guild_roles (guild_id TEXT NOT NULL, id TEXT NOT NULL, name TEXT NOT NULL, color INTEGER NOT NULL,
	independent INTEGER NOT NULL, max_count INTEGER NOT NULL, PRIMARY KEY (guild_id, id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS guild_members (guild_id TEXT NOT NULL, user_id INTEGER NOT NULL, title TEXT NOT NULL, join_time INTEGER NOT NULL,
	PRIMARY KEY (guild_id, user_id)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS guild_members_by_user ON guild_members(user_id);
CREATE TABLE IF NOT EXISTS guild_grants (guild_id TEXT NOT NULL, role_id TEXT NOT NULL, user_id INTEGER NOT NULL,
	PRIMARY KEY (guild_id, role_id, user_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS guild_messages (id TEXT PRIMARY KEY, guild_id TEXT NOT NULL, channel_id TEXT NOT NULL, seq INTEGER NOT NULL,
	sender_id INTEGER NOT NULL, time INTEGER NOT NULL, segments TEXT NOT NULL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS guild_messages_by_channel ON guild_messages(guild_id, channel_id, seq);
CREATE TABLE IF NOT EXISTS guild_feeds (guild_id TEXT NOT NULL, channel_id TEXT NOT NULL, id TEXT NOT NULL, poster_id INTEGER NOT NULL,
	title TEXT NOT NULL, sub_title TEXT NOT NULL, content TEXT NOT NULL, time INTEGER NOT NULL, PRIMARY KEY (guild_id, channel_id, id)) WITHOUT ROWID;`},
	tables: []string{"guilds", "guild_channels", "guild_roles", "guild_members", "guild_grants", "guild_messages", "guild_feeds"},
	forgetAccount: []string{`DELETE FROM guild_members WHERE user_id = ?1`, `DELETE FROM guild_grants WHERE user_id = ?1`,
		`DELETE FROM guild_messages WHERE sender_id = ?1`, `DELETE FROM guild_feeds WHERE poster_id = ?1`},
})

const guildMessageColumns = `id, guild_id, channel_id, seq, sender_id, time, segments`

var (
	qPutGuild       = query(`INSERT OR REPLACE INTO guilds (id, name, profile, display_id, owner_id, created, max_members) VALUES (?, ?, ?, ?, ?, ?, ?)`)
	qGuild          = query(`SELECT id, name, profile, display_id, owner_id, created, max_members FROM guilds WHERE id = ?`)
	qGuildsOf       = query(`SELECT g.id, g.name, g.profile, g.display_id, g.owner_id, g.created, g.max_members FROM guilds g JOIN guild_members m ON m.guild_id = g.id WHERE m.user_id = ? ORDER BY g.id`)
	qPutChannel     = query(`INSERT OR REPLACE INTO guild_channels (guild_id, id, name, type, creator_id, created) VALUES (?, ?, ?, ?, ?, ?)`)
	qChannels       = query(`SELECT guild_id, id, name, type, creator_id, created FROM guild_channels WHERE guild_id = ? ORDER BY created, id`)
	qPutRole        = query(`INSERT OR REPLACE INTO guild_roles (guild_id, id, name, color, independent, max_count) VALUES (?, ?, ?, ?, ?, ?)`)
	qRole           = query(`SELECT guild_id, id, name, color, independent, max_count FROM guild_roles WHERE guild_id = ? AND id = ?`)
	qRoles          = query(`SELECT guild_id, id, name, color, independent, max_count FROM guild_roles WHERE guild_id = ? ORDER BY length(id), id`)
	qDelRole        = []string{query(`DELETE FROM guild_roles WHERE guild_id = ?1 AND id = ?2`), query(`DELETE FROM guild_grants WHERE guild_id = ?1 AND role_id = ?2`)}
	qPutGuildMember = query(`INSERT OR REPLACE INTO guild_members (guild_id, user_id, title, join_time) VALUES (?, ?, ?, ?)`)
	qGuildMember    = query(`SELECT guild_id, user_id, title, join_time FROM guild_members WHERE guild_id = ? AND user_id = ?`)
	qGuildMembers   = query(`SELECT guild_id, user_id, title, join_time FROM guild_members WHERE guild_id = ? ORDER BY join_time, user_id`)
	qGrant          = query(`INSERT OR IGNORE INTO guild_grants (guild_id, role_id, user_id) VALUES (?, ?, ?)`)
	qRevoke         = query(`DELETE FROM guild_grants WHERE guild_id = ? AND role_id = ? AND user_id = ?`)
	qRolesOf        = query(`SELECT role_id FROM guild_grants WHERE guild_id = ? AND user_id = ? ORDER BY length(role_id), role_id`)
	qHolders        = query(`SELECT user_id FROM guild_grants WHERE guild_id = ? AND role_id = ? ORDER BY user_id`)
	qNextGuildSeq   = query(`SELECT coalesce(max(seq), 0) + 1 FROM guild_messages WHERE guild_id = ? AND channel_id = ?`)
	qAddGuildMsg    = query(`INSERT INTO guild_messages (` + guildMessageColumns + `) VALUES (?, ?, ?, ?, ?, ?, ?)`)
	qGuildMsg       = query(`SELECT ` + guildMessageColumns + ` FROM guild_messages WHERE id = ?`)
	qPutFeed        = query(`INSERT OR REPLACE INTO guild_feeds (guild_id, channel_id, id, poster_id, title, sub_title, content, time) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
	qFeeds          = query(`SELECT guild_id, channel_id, id, poster_id, title, sub_title, content, time FROM guild_feeds WHERE guild_id = ? AND channel_id = ? ORDER BY time DESC, id`)
)

func guildColumns(g *world.Guild) []any {
	return []any{&g.ID, &g.Name, &g.Profile, &g.DisplayID, &g.OwnerID, &g.Created, &g.MaxMembers}
}

func roleColumns(r *world.GuildRole) []any {
	return []any{&r.GuildID, &r.ID, &r.Name, &r.Color, &r.Independent, &r.MaxCount}
}

func guildMemberColumns(m *world.GuildMember) []any {
	return []any{&m.GuildID, &m.UserID, &m.Title, &m.JoinTime}
}

func (t guildStore) Put(g world.Guild) error {
	_, err := t.exec(qPutGuild, g.ID, g.Name, g.Profile, g.DisplayID, g.OwnerID, g.Created, g.MaxMembers)
	return err
}

func (t guildStore) Get(id string) (world.Guild, error) {
	var g world.Guild
	err := t.one("guild", qGuild, []any{id}, guildColumns(&g)...)
	return g, err
}

func (t guildStore) Of(userID int64) ([]world.Guild, error) {
	return list(t.tx, qGuildsOf, []any{userID}, columns(guildColumns))
}

func (t guildStore) PutChannel(c world.GuildChannel) error {
	_, err := t.exec(qPutChannel, c.GuildID, c.ID, c.Name, c.Type, c.CreatorID, c.Created)
	return err
}

func (t guildStore) Channels(guildID string) ([]world.GuildChannel, error) {
	return list(t.tx, qChannels, []any{guildID}, columns(func(c *world.GuildChannel) []any {
		return []any{&c.GuildID, &c.ID, &c.Name, &c.Type, &c.CreatorID, &c.Created}
	}))
}

func (t guildStore) PutRole(r world.GuildRole) error {
	_, err := t.exec(qPutRole, r.GuildID, r.ID, r.Name, r.Color, r.Independent, r.MaxCount)
	return err
}

func (t guildStore) Role(guildID, roleID string) (world.GuildRole, error) {
	var r world.GuildRole
	err := t.one("guild role", qRole, []any{guildID, roleID}, roleColumns(&r)...)
	return r, err
}

func (t guildStore) DeleteRole(guildID, roleID string) error {
	for _, q := range qDelRole {
		if _, err := t.exec(q, guildID, roleID); err != nil {
			return err
		}
	}
	return nil
}

func (t guildStore) Roles(guildID string) ([]world.GuildRole, error) {
	return list(t.tx, qRoles, []any{guildID}, columns(roleColumns))
}

func (t guildStore) PutMember(m world.GuildMember) error {
	_, err := t.exec(qPutGuildMember, m.GuildID, m.UserID, m.Title, m.JoinTime)
	return err
}

func (t guildStore) Member(guildID string, userID int64) (world.GuildMember, error) {
	var m world.GuildMember
	err := t.one("guild member", qGuildMember, []any{guildID, userID}, guildMemberColumns(&m)...)
	return m, err
}

func (t guildStore) Members(guildID string) ([]world.GuildMember, error) {
	return list(t.tx, qGuildMembers, []any{guildID}, columns(guildMemberColumns))
}

func (t guildStore) Grant(guildID, roleID string, userID int64, on bool) error {
	q := qGrant
	if !on {
		q = qRevoke
	}
	_, err := t.exec(q, guildID, roleID, userID)
	return err
}

func (t guildStore) RolesOf(guildID string, userID int64) ([]string, error) {
	return list(t.tx, qRolesOf, []any{guildID, userID}, columns(func(id *string) []any { return []any{id} }))
}

func (t guildStore) Holders(guildID, roleID string) ([]int64, error) {
	return list(t.tx, qHolders, []any{guildID, roleID}, columns(func(id *int64) []any { return []any{id} }))
}

func (t guildStore) AddMessage(m *world.GuildMessage) error {
	if err := t.one("guild message seq", qNextGuildSeq, []any{m.GuildID, m.ChannelID}, &m.Seq); err != nil {
		return err
	}
	m.ID = fmt.Sprintf("%s-%s-%d", m.GuildID, m.ChannelID, m.Seq)
	segs, err := json.Marshal(m.Segments)
	if err != nil {
		return fmt.Errorf("encoding guild message: %w", err)
	}
	_, err = t.exec(qAddGuildMsg, m.ID, m.GuildID, m.ChannelID, m.Seq, m.SenderID, m.Time, string(segs))
	return err
}

func (t guildStore) Message(id string) (world.GuildMessage, error) {
	var m world.GuildMessage
	var segs string
	if err := t.one("guild message", qGuildMsg, []any{id}, &m.ID, &m.GuildID, &m.ChannelID, &m.Seq, &m.SenderID, &m.Time, &segs); err != nil {
		return m, err
	}
	if err := json.Unmarshal([]byte(segs), &m.Segments); err != nil {
		return m, fmt.Errorf("guild message %s: %w", id, err)
	}
	return m, nil
}

func (t guildStore) PutFeed(f world.GuildFeed) error {
	_, err := t.exec(qPutFeed, f.GuildID, f.ChannelID, f.ID, f.PosterID, f.Title, f.SubTitle, f.Content, f.Time)
	return err
}

func (t guildStore) Feeds(guildID, channelID string) ([]world.GuildFeed, error) {
	return list(t.tx, qFeeds, []any{guildID, channelID}, columns(func(f *world.GuildFeed) []any {
		return []any{&f.GuildID, &f.ChannelID, &f.ID, &f.PosterID, &f.Title, &f.SubTitle, &f.Content, &f.Time}
	}))
}
