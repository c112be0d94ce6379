package world

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/impl/cqcode"
)

// Guilds (QQ 频道): go-cqhttp's guild service. A guild has channels, roles and members; ids are
// decimal strings as go-cqhttp writes them, and every account has a tiny_id (TinyID), the id
// the guild service knows it by.

// Guild is a QQ guild (频道).
type Guild struct {
	ID         string
	Name       string
	Profile    string
	DisplayID  string
	OwnerID    int64
	Created    int64
	MaxMembers int32
}

// Channel types go-cqhttp tells apart (client.ChannelType).
const (
	TextChannel  int32 = 1
	VoiceChannel int32 = 2
	LiveChannel  int32 = 5
	TopicChannel int32 = 7
)

// GuildChannel is a channel (子频道) of a guild.
type GuildChannel struct {
	GuildID   string
	ID        string
	Name      string
	Type      int32
	CreatorID int64
	Created   int64
}

// The roles every guild has: its members, its admins and its owner (QQ's role ids 1, 2, 4).
const (
	MemberRole = "1"
	AdminRole  = "2"
	OwnerRole  = "4"
)

// GuildRole is a role (身份组) of a guild. The built-in ones (MemberRole, AdminRole, OwnerRole)
// exist in every guild and cannot be changed or deleted.
type GuildRole struct {
	GuildID     string
	ID          string
	Name        string
	Color       int64
	Independent bool
	MaxCount    int32
}

// GuildMember is an account in a guild; its roles beyond MemberRole are kept per role.
type GuildMember struct {
	GuildID  string
	UserID   int64
	Title    string
	JoinTime int64
}

// GuildMessage is a message in a guild channel. ID is go-cqhttp's string message id.
type GuildMessage struct {
	ID        string
	GuildID   string
	ChannelID string
	Seq       int64
	SenderID  int64
	Time      int64
	Segments  []cqcode.Segment
}

// GuildFeed is a post (帖子) of a topic channel.
type GuildFeed struct {
	GuildID   string
	ChannelID string
	ID        string
	PosterID  int64
	Title     string
	SubTitle  string
	Content   string
	Time      int64
}

// GuildStore keeps guilds, their channels, roles, members, channel messages and feeds.
type GuildStore interface {
	Put(Guild) error
	// Get is a guild; ErrNotFound when there is none.
	Get(id string) (Guild, error)
	// Of lists the guilds an account is a member of, by id.
	Of(userID int64) ([]Guild, error)
	PutChannel(GuildChannel) error
	Channels(guildID string) ([]GuildChannel, error)
	PutRole(GuildRole) error
	// Role is a role of a guild; ErrNotFound when there is none.
	Role(guildID, roleID string) (GuildRole, error)
	DeleteRole(guildID, roleID string) error
	Roles(guildID string) ([]GuildRole, error)
	PutMember(GuildMember) error
	// Member is an account's membership; ErrNotFound when it is not a member.
	Member(guildID string, userID int64) (GuildMember, error)
	Members(guildID string) ([]GuildMember, error)
	// Grant gives (on) or takes a role from a member.
	Grant(guildID, roleID string, userID int64, on bool) error
	// RolesOf are the roles granted to a member, by id (MemberRole and the owner's are implied).
	RolesOf(guildID string, userID int64) ([]string, error)
	// Holders are the members granted a role, by id.
	Holders(guildID, roleID string) ([]int64, error)
	// AddMessage stores a channel message, giving it the channel's next Seq and its ID.
	AddMessage(*GuildMessage) error
	// Message is a channel message by id; ErrNotFound when there is none.
	Message(id string) (GuildMessage, error)
	PutFeed(GuildFeed) error
	Feeds(guildID, channelID string) ([]GuildFeed, error)
}

// tinyBase offsets QQ numbers into tiny_ids: the world gives account n the tiny_id
// tinyBase+n, so a tiny_id names its account without a table.
const tinyBase = 144115218676000000

// TinyID is the guild service's id of an account.
func TinyID(userID int64) string { return strconv.FormatInt(TinyNumber(userID), 10) }

// TinyNumber is an account's tiny_id as a number (go-cqhttp's sender.user_id).
func TinyNumber(userID int64) int64 { return tinyBase + userID }

// AccountOfTiny is the account a tiny_id names; ErrNotFound when it names none.
func AccountOfTiny(tiny string) (int64, error) {
	n, err := strconv.ParseInt(tiny, 10, 64)
	if err != nil || n <= tinyBase {
		return 0, fmt.Errorf("tiny_id %q names no account: %w", tiny, ErrNotFound)
	}
	return n - tinyBase, nil
}

// maxRoleNameRunes bounds a role's name (QQ's client allows 8 to 15 characters; the world
// is lenient).
const maxRoleNameRunes = 32

// guild is a guild the actor is a member of.
func (o *act) guild(id string) (Guild, error) {
	g, err := o.tx.Guilds().Get(id)
	if err != nil {
		return Guild{}, fmt.Errorf("guild %s: %w", id, err)
	}
	if _, err := o.tx.Guilds().Member(id, o.self); err != nil {
		return Guild{}, fmt.Errorf("guild %s: %s is not a member: %w", id, o.who(), ErrNotFound)
	}
	return g, nil
}

// staff is a guild the actor owns or administers.
func (o *act) guildStaff(id string) (Guild, error) {
	g, err := o.guild(id)
	if err != nil {
		return Guild{}, err
	}
	if g.OwnerID == o.self {
		return g, nil
	}
	roles, err := o.tx.Guilds().RolesOf(id, o.self)
	if err != nil {
		return Guild{}, err
	}
	if !slices.Contains(roles, AdminRole) {
		return Guild{}, fmt.Errorf("guild %s: %s is neither its owner nor an admin: %w", id, o.who(), ErrNotPermitted)
	}
	return g, nil
}

// Guilds lists the guilds the actor is in.
func (a *Actor) Guilds(ctx context.Context) ([]Guild, error) {
	var out []Guild
	err := a.view(ctx, func(o *act) error {
		var err error
		out, err = o.tx.Guilds().Of(o.self)
		return err
	})
	return out, err
}

// GuildView is a guild as a guest sees it: with its member count.
type GuildView struct {
	Guild
	MemberCount int
}

// GuestGuild is any guild, as a guest sees it (no membership needed).
func (a *Actor) GuestGuild(ctx context.Context, id string) (GuildView, error) {
	var out GuildView
	err := a.view(ctx, func(o *act) error {
		g, err := o.tx.Guilds().Get(id)
		if err != nil {
			return fmt.Errorf("guild %s: %w", id, err)
		}
		members, err := o.tx.Guilds().Members(id)
		out = GuildView{Guild: g, MemberCount: len(members)}
		return err
	})
	return out, err
}

// GuildChannels lists the channels of a guild the actor is in.
func (a *Actor) GuildChannels(ctx context.Context, guildID string) ([]GuildChannel, error) {
	var out []GuildChannel
	err := a.view(ctx, func(o *act) error {
		if _, err := o.guild(guildID); err != nil {
			return err
		}
		var err error
		out, err = o.tx.Guilds().Channels(guildID)
		return err
	})
	return out, err
}

// GuildMemberView is a member with its account and roles, the built-in ones included.
type GuildMemberView struct {
	GuildMember
	Account Account
	Roles   []GuildRole
}

// Top is the member's highest role: owner, admin, then its first own role, else member.
func (m GuildMemberView) Top() GuildRole {
	for _, id := range []string{OwnerRole, AdminRole} {
		if i := slices.IndexFunc(m.Roles, func(r GuildRole) bool { return r.ID == id }); i >= 0 {
			return m.Roles[i]
		}
	}
	for _, r := range m.Roles {
		if r.ID != MemberRole {
			return r
		}
	}
	return m.Roles[0]
}

// GuildMembers lists the members of a guild the actor is in.
func (a *Actor) GuildMembers(ctx context.Context, guildID string) ([]GuildMemberView, error) {
	var out []GuildMemberView
	err := a.view(ctx, func(o *act) error {
		g, err := o.guild(guildID)
		if err != nil {
			return err
		}
		members, err := o.tx.Guilds().Members(guildID)
		if err != nil {
			return err
		}
		out = make([]GuildMemberView, len(members))
		for i, m := range members {
			if out[i], err = o.guildMemberView(g, m); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

// GuildMember is one member of a guild the actor is in.
func (a *Actor) GuildMember(ctx context.Context, guildID string, userID int64) (GuildMemberView, error) {
	var out GuildMemberView
	err := a.view(ctx, func(o *act) error {
		g, err := o.guild(guildID)
		if err != nil {
			return err
		}
		m, err := o.tx.Guilds().Member(guildID, userID)
		if err != nil {
			return fmt.Errorf("tiny_id %s is not a member of guild %s: %w", TinyID(userID), guildID, err)
		}
		out, err = o.guildMemberView(g, m)
		return err
	})
	return out, err
}

func (o *act) guildMemberView(g Guild, m GuildMember) (GuildMemberView, error) {
	v := GuildMemberView{GuildMember: m, Account: o.accountOrGone(m.UserID)}
	ids, err := o.tx.Guilds().RolesOf(g.ID, m.UserID)
	if err != nil {
		return v, err
	}
	ids = append([]string{MemberRole}, ids...)
	if g.OwnerID == m.UserID {
		ids = append(ids, OwnerRole)
	}
	for _, id := range ids {
		r, err := o.tx.Guilds().Role(g.ID, id)
		if err != nil {
			return v, fmt.Errorf("role %s of guild %s: %w", id, g.ID, err)
		}
		v.Roles = append(v.Roles, r)
	}
	return v, nil
}

// GuildRoleView is a role with how many members hold it.
type GuildRoleView struct {
	GuildRole
	Members int
}

// GuildRoles lists the roles of a guild the actor is in.
func (a *Actor) GuildRoles(ctx context.Context, guildID string) ([]GuildRoleView, error) {
	var out []GuildRoleView
	err := a.view(ctx, func(o *act) error {
		if _, err := o.guild(guildID); err != nil {
			return err
		}
		roles, err := o.tx.Guilds().Roles(guildID)
		if err != nil {
			return err
		}
		members, err := o.tx.Guilds().Members(guildID)
		if err != nil {
			return err
		}
		out = make([]GuildRoleView, len(roles))
		for i, r := range roles {
			out[i] = GuildRoleView{GuildRole: r}
			switch r.ID {
			case MemberRole:
				out[i].Members = len(members)
			case OwnerRole:
				out[i].Members = 1
			default:
				holders, err := o.tx.Guilds().Holders(guildID, r.ID)
				if err != nil {
					return err
				}
				out[i].Members = len(holders)
			}
		}
		return nil
	})
	return out, err
}

func builtinRole(id string) bool { return id == MemberRole || id == AdminRole || id == OwnerRole }

func roleText(name string) error { return albumText("name", name, 1, maxRoleNameRunes) }

// CreateGuildRole makes a role in a guild the actor owns or administers, granted at once to
// members (which must be members of the guild), and returns it.
func (a *Actor) CreateGuildRole(ctx context.Context, guildID, name string, color int64, independent bool, members []int64) (GuildRole, error) {
	var r GuildRole
	err := a.update(ctx, func(o *act) error {
		if _, err := o.guildStaff(guildID); err != nil {
			return fmt.Errorf("only a guild's owner and admins make roles: %w", err)
		}
		if err := roleText(name); err != nil {
			return err
		}
		roles, err := o.tx.Guilds().Roles(guildID)
		if err != nil {
			return err
		}
		next := int64(10)
		for _, x := range roles {
			if n, err := strconv.ParseInt(x.ID, 10, 64); err == nil && n >= next {
				next = n + 1
			}
		}
		r = GuildRole{GuildID: guildID, ID: strconv.FormatInt(next, 10), Name: name, Color: color, Independent: independent, MaxCount: 2000}
		if err := o.tx.Guilds().PutRole(r); err != nil {
			return err
		}
		o.record(&GuildRoleChanged{Role: r})
		return o.grant(guildID, r.ID, members, true)
	})
	return r, err
}

// grant gives or takes a role from members of a guild.
func (o *act) grant(guildID, roleID string, users []int64, on bool) error {
	for _, u := range users {
		if _, err := o.tx.Guilds().Member(guildID, u); err != nil {
			return fmt.Errorf("tiny_id %s is not a member of guild %s: %w", TinyID(u), guildID, err)
		}
		if err := o.tx.Guilds().Grant(guildID, roleID, u, on); err != nil {
			return err
		}
	}
	return nil
}

// UpdateGuildRole renames and recolours a role the guild's owner or an admin made.
func (a *Actor) UpdateGuildRole(ctx context.Context, guildID, roleID, name string, color int64, independent bool) error {
	return a.update(ctx, func(o *act) error {
		r, err := o.customRole(guildID, roleID)
		if err != nil {
			return err
		}
		if err := roleText(name); err != nil {
			return err
		}
		r.Name, r.Color, r.Independent = name, color, independent
		o.record(&GuildRoleChanged{Role: r})
		return o.tx.Guilds().PutRole(r)
	})
}

// DeleteGuildRole deletes a role the guild's owner or an admin made, taking it from everyone.
func (a *Actor) DeleteGuildRole(ctx context.Context, guildID, roleID string) error {
	return a.update(ctx, func(o *act) error {
		r, err := o.customRole(guildID, roleID)
		if err != nil {
			return err
		}
		o.record(&GuildRoleChanged{Role: r, Deleted: true})
		return o.tx.Guilds().DeleteRole(guildID, roleID)
	})
}

// customRole is a role the actor may change: not a built-in one, in a guild it runs.
func (o *act) customRole(guildID, roleID string) (GuildRole, error) {
	if _, err := o.guildStaff(guildID); err != nil {
		return GuildRole{}, fmt.Errorf("only a guild's owner and admins change roles: %w", err)
	}
	r, err := o.tx.Guilds().Role(guildID, roleID)
	if err != nil {
		return GuildRole{}, fmt.Errorf("role %s of guild %s: %w", roleID, guildID, err)
	}
	if builtinRole(roleID) {
		return GuildRole{}, fmt.Errorf("role %s (%s) is built into every guild and cannot change: %w", roleID, r.Name, ErrNotPermitted)
	}
	return r, nil
}

// SetGuildMemberRole grants (on) or takes a role from members: the owner role never, the
// admin role only by the owner.
func (a *Actor) SetGuildMemberRole(ctx context.Context, guildID, roleID string, on bool, users []int64) error {
	return a.update(ctx, func(o *act) error {
		g, err := o.guildStaff(guildID)
		if err != nil {
			return fmt.Errorf("only a guild's owner and admins grant roles: %w", err)
		}
		if _, err := o.tx.Guilds().Role(guildID, roleID); err != nil {
			return fmt.Errorf("role %s of guild %s: %w", roleID, guildID, err)
		}
		switch {
		case roleID == OwnerRole || roleID == MemberRole:
			return fmt.Errorf("role %s is held by the owner or by every member and is not granted: %w", roleID, ErrNotPermitted)
		case roleID == AdminRole && g.OwnerID != o.self:
			return fmt.Errorf("only the guild's owner grants the admin role: %w", ErrNotPermitted)
		case len(users) == 0:
			return fmt.Errorf("users: name at least one member: %w", ErrInvalid)
		}
		o.record(&GuildRoleGranted{GuildID: guildID, RoleID: roleID, Users: users, On: on})
		return o.grant(guildID, roleID, users, on)
	})
}

// SendGuildMessage sends a message to a text channel of a guild the actor is in; every bot
// of the guild but the sender receives it.
func (a *Actor) SendGuildMessage(ctx context.Context, guildID, channelID string, segs []cqcode.Segment) (GuildMessage, error) {
	var m GuildMessage
	err := a.update(ctx, func(o *act) error {
		if _, err := o.guild(guildID); err != nil {
			return err
		}
		ch, err := o.channel(guildID, channelID)
		if err != nil {
			return err
		}
		if ch.Type != TextChannel {
			return fmt.Errorf("channel %s (%s) is of type %d and takes no text messages (type %d does): %w", channelID, ch.Name, ch.Type, TextChannel, ErrInvalid)
		}
		if len(segs) == 0 {
			return fmt.Errorf("message: empty: %w", ErrInvalid)
		}
		m = GuildMessage{GuildID: guildID, ChannelID: channelID, SenderID: o.self, Time: o.now, Segments: segs}
		if err := o.tx.Guilds().AddMessage(&m); err != nil {
			return err
		}
		o.record(&GuildMessageCreated{Message: m, Sender: o.accountOrGone(o.self)})
		return nil
	})
	return m, err
}

func (o *act) channel(guildID, channelID string) (GuildChannel, error) {
	channels, err := o.tx.Guilds().Channels(guildID)
	if err != nil {
		return GuildChannel{}, err
	}
	i := slices.IndexFunc(channels, func(c GuildChannel) bool { return c.ID == channelID })
	if i < 0 {
		return GuildChannel{}, fmt.Errorf("guild %s has no channel %s: %w", guildID, channelID, ErrNotFound)
	}
	return channels[i], nil
}

// GuildMessageView is a channel message with its sender's account.
type GuildMessageView struct {
	GuildMessage
	Sender Account
}

// GuildMessage is a message of a guild the actor is in.
func (a *Actor) GuildMessage(ctx context.Context, id string) (GuildMessageView, error) {
	var out GuildMessageView
	err := a.view(ctx, func(o *act) error {
		m, err := o.tx.Guilds().Message(id)
		if err != nil {
			return fmt.Errorf("guild message %q: %w", id, err)
		}
		if _, err := o.guild(m.GuildID); err != nil {
			return err
		}
		out = GuildMessageView{GuildMessage: m, Sender: o.accountOrGone(m.SenderID)}
		return nil
	})
	return out, err
}

// GuildFeedView is a feed with its poster's account.
type GuildFeedView struct {
	GuildFeed
	Poster Account
}

// TopicFeeds lists the posts of a topic channel of a guild the actor is in, newest first.
func (a *Actor) TopicFeeds(ctx context.Context, guildID, channelID string) ([]GuildFeedView, error) {
	var out []GuildFeedView
	err := a.view(ctx, func(o *act) error {
		if _, err := o.guild(guildID); err != nil {
			return err
		}
		ch, err := o.channel(guildID, channelID)
		if err != nil {
			return err
		}
		if ch.Type != TopicChannel {
			return fmt.Errorf("channel %s (%s) is of type %d, not a topic channel (type %d): %w", channelID, ch.Name, ch.Type, TopicChannel, ErrInvalid)
		}
		feeds, err := o.tx.Guilds().Feeds(guildID, channelID)
		if err != nil {
			return err
		}
		out = make([]GuildFeedView, len(feeds))
		for i, f := range feeds {
			out[i] = GuildFeedView{GuildFeed: f, Poster: o.accountOrGone(f.PosterID)}
		}
		return nil
	})
	return out, err
}

// AddGuild declares a guild (the seed, world files) with its built-in roles; its owner, which
// must exist, becomes its first member. Created 0 is now.
func (u *Universe) AddGuild(g Guild) error {
	if _, err := u.o.tx.Accounts().Get(g.OwnerID); err != nil {
		return fmt.Errorf("guild %s: its owner: %w", g.ID, err)
	}
	if _, err := strconv.ParseUint(g.ID, 10, 64); err != nil {
		return fmt.Errorf("guild %q: an id is a decimal number: %w", g.ID, ErrInvalid)
	}
	if _, err := u.o.tx.Guilds().Get(g.ID); err == nil {
		return fmt.Errorf("guild %s already exists: %w", g.ID, ErrInvalid)
	} else if !errors.Is(err, ErrNotFound) {
		return err
	}
	if g.Created == 0 {
		g.Created = u.o.now
	}
	if g.DisplayID == "" {
		g.DisplayID = g.ID
	}
	if g.MaxMembers == 0 {
		g.MaxMembers = 1000
	}
	if err := u.o.tx.Guilds().Put(g); err != nil {
		return err
	}
	for _, r := range []GuildRole{
		{GuildID: g.ID, ID: MemberRole, Name: "普通成员", Color: 0xff_000000, MaxCount: g.MaxMembers},
		{GuildID: g.ID, ID: AdminRole, Name: "频道管理员", Color: 0xff_2e_a7_f0, MaxCount: 50},
		{GuildID: g.ID, ID: OwnerRole, Name: "频道主", Color: 0xff_f5_a6_23, MaxCount: 1},
	} {
		if err := u.o.tx.Guilds().PutRole(r); err != nil {
			return err
		}
	}
	return u.o.tx.Guilds().PutMember(GuildMember{GuildID: g.ID, UserID: g.OwnerID, JoinTime: g.Created})
}

// AddGuildRole declares a role of a guild beside the built-in ones.
func (u *Universe) AddGuildRole(r GuildRole) error {
	if _, err := u.o.tx.Guilds().Get(r.GuildID); err != nil {
		return fmt.Errorf("role %s: guild %s: %w", r.ID, r.GuildID, err)
	}
	if builtinRole(r.ID) {
		return fmt.Errorf("role %s of guild %s is built in: %w", r.ID, r.GuildID, ErrInvalid)
	}
	return u.o.tx.Guilds().PutRole(r)
}

// AddGuildChannel declares a channel of a guild; Created 0 is now.
func (u *Universe) AddGuildChannel(c GuildChannel) error {
	g, err := u.o.tx.Guilds().Get(c.GuildID)
	if err != nil {
		return fmt.Errorf("channel %s: guild %s: %w", c.ID, c.GuildID, err)
	}
	if c.CreatorID == 0 {
		c.CreatorID = g.OwnerID
	}
	if c.Created == 0 {
		c.Created = u.o.now
	}
	return u.o.tx.Guilds().PutChannel(c)
}

// AddGuildMember declares a member of a guild with extra roles (AdminRole or roles declared
// before); JoinTime 0 is now.
func (u *Universe) AddGuildMember(m GuildMember, roles ...string) error {
	if _, err := u.o.tx.Guilds().Get(m.GuildID); err != nil {
		return fmt.Errorf("guild member %d: guild %s: %w", m.UserID, m.GuildID, err)
	}
	if _, err := u.o.tx.Accounts().Get(m.UserID); err != nil {
		return fmt.Errorf("guild member of %s: %w", m.GuildID, err)
	}
	if m.JoinTime == 0 {
		m.JoinTime = u.o.now
	}
	if err := u.o.tx.Guilds().PutMember(m); err != nil {
		return err
	}
	for _, r := range roles {
		if _, err := u.o.tx.Guilds().Role(m.GuildID, r); err != nil {
			return fmt.Errorf("guild member %d: role %s: %w", m.UserID, r, err)
		}
		if err := u.o.tx.Guilds().Grant(m.GuildID, r, m.UserID, true); err != nil {
			return err
		}
	}
	return nil
}

// AddGuildMessage declares a message of a text channel from a member; it returns its id.
func (u *Universe) AddGuildMessage(m GuildMessage) (string, error) {
	if _, err := u.o.tx.Guilds().Member(m.GuildID, m.SenderID); err != nil {
		return "", fmt.Errorf("guild message: %d is not a member of guild %s: %w", m.SenderID, m.GuildID, ErrInvalid)
	}
	if m.Time == 0 {
		m.Time = u.o.now
	}
	err := u.o.tx.Guilds().AddMessage(&m)
	return m.ID, err
}

// AddGuildFeed declares a post of a topic channel from a member.
func (u *Universe) AddGuildFeed(f GuildFeed) error {
	if _, err := u.o.tx.Guilds().Member(f.GuildID, f.PosterID); err != nil {
		return fmt.Errorf("feed %s: %d is not a member of guild %s: %w", f.ID, f.PosterID, f.GuildID, ErrInvalid)
	}
	if f.Time == 0 {
		f.Time = u.o.now
	}
	return u.o.tx.Guilds().PutFeed(f)
}

// GuildRoleChanged: a role was made, changed or (Deleted) deleted. go-cqhttp tells no bot.
type GuildRoleChanged struct {
	Head
	unseen
	Role    GuildRole
	Deleted bool
}

// GuildRoleGranted: a role was granted (On) or taken from Users. go-cqhttp tells no bot.
type GuildRoleGranted struct {
	Head
	unseen
	GuildID, RoleID string
	Users           []int64
	On              bool
}

// GuildMessageCreated: a message in a guild channel, with its sender as they were. Every bot
// of the guild but the sender receives go-cqhttp's guild message event.
type GuildMessageCreated struct {
	Head
	Message GuildMessage
	Sender  Account
}

func (c *GuildMessageCreated) audience(a *audience) error {
	members, err := a.tx.Guilds().Members(c.Message.GuildID)
	if err != nil {
		return err
	}
	for _, m := range members {
		a.bot(m.UserID, c.Message.SenderID)
	}
	return nil
}

func (c *GuildMessageCreated) Render(bot int64) (any, error) {
	m := c.Message
	msg, err := receivedMessage(m.Segments)
	if err != nil {
		return nil, err
	}
	tiny, raw := TinyID(m.SenderID), cqcode.Format(m.Segments)
	return gen.GuildChannelMessageEvent{Time: m.Time, SelfID: bot, PostType: gen.MessagePostTypeMessage, MessageType: gen.GuildChannelMessageEventMessageTypeGuild,
		SubType: gen.GuildChannelMessageEventSubTypeChannel, GuildID: m.GuildID, ChannelID: m.ChannelID, MessageID: m.ID, UserID: tiny,
		SelfTinyID: TinyID(bot), Message: msg, RawMessage: &raw,
		Sender: gen.GuildSender{UserID: TinyNumber(m.SenderID), TinyID: tiny, Nickname: c.Sender.Nickname}}, nil
}

// CreateGuild makes a guild with its owner, members and channels (the world control API):
// the world's own hand, so no permission applies; GuildCreated records it.
func (w *World) CreateGuild(ctx context.Context, g Guild, members []int64, channels []GuildChannel) error {
	return w.Populate(ctx, func(u *Universe) error {
		if g.Name == "" {
			return fmt.Errorf("guild %s needs a name: %w", g.ID, ErrInvalid)
		}
		if err := u.AddGuild(g); err != nil {
			return err
		}
		for _, id := range members {
			if id == g.OwnerID {
				continue
			}
			if err := u.AddGuildMember(GuildMember{GuildID: g.ID, UserID: id}); err != nil {
				return fmt.Errorf("members: %w", err)
			}
		}
		for _, c := range channels {
			c.GuildID = g.ID
			if c.Type == 0 {
				c.Type = TextChannel
			}
			if err := u.AddGuildChannel(c); err != nil {
				return fmt.Errorf("channels: %w", err)
			}
		}
		u.o.record(&GuildCreated{GuildID: g.ID, OwnerID: g.OwnerID})
		return nil
	})
}

// GuildCreated: the world control API made a guild. go-cqhttp tells no bot.
type GuildCreated struct {
	Head
	unseen
	GuildID string
	OwnerID int64
}
