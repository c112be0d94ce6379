// Package worldfile reads world files: YAML that describes a world's accounts, friendships,
// groups with their members, pending requests and initial messages, for `onespec serve --world`.
// A file that does not describe a consistent world is refused at start with the key and the
// reason ("groups[0].members[2].id: account 10009 is not in accounts").
//
// Two bots that are mutual friends and share a group:
//
//	accounts:
//	  - {id: 10001, nickname: 机器人甲, bot: true}
//	  - {id: 10002, nickname: 机器人乙, bot: true}
//	friends:
//	  - {a: 10001, b: 10002}
//	groups:
//	  - {id: 20001, name: 机器人的群, members: [{id: 10001, role: owner}, {id: 10002}]}
package worldfile

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"gopkg.in/yaml.v3"

	"github.com/onespec/onespec/impl/cqcode"
	"github.com/onespec/onespec/impl/world"
)

// File is a world file.
type File struct {
	Accounts       []Account       `yaml:"accounts"`
	DefaultBot     int64           `yaml:"default_bot"`
	Friends        []Friendship    `yaml:"friends"`
	FriendRequests []FriendRequest `yaml:"friend_requests"`
	Groups         []Group         `yaml:"groups"`
	GroupRequests  []GroupRequest  `yaml:"group_requests"`
	Messages       []Message       `yaml:"messages"`
}

// Account is an account: a bot (bot: true) or a simulated user.
type Account struct {
	ID       int64  `yaml:"id"`
	Nickname string `yaml:"nickname"`
	Sex      string `yaml:"sex"`
	Age      int32  `yaml:"age"`
	Level    int32  `yaml:"level"`
	Sign     string `yaml:"sign"`
	Area     string `yaml:"area"`
	Bot      bool   `yaml:"bot"`
	// IsRobot marks one of QQ's own robot accounts (Q群管家...), NapCat's is_robot; a bot
	// the server answers for is an ordinary account unless it says so too.
	IsRobot bool `yaml:"is_robot"`
}

// Friendship makes A and B friends, each with an optional remark for the other. OneWay: only
// A has B as a friend (B deleted A on its side: a one-way friend, 单向好友), RemarkB unused.
type Friendship struct {
	A       int64  `yaml:"a"`
	B       int64  `yaml:"b"`
	RemarkA string `yaml:"remark_a"`
	RemarkB string `yaml:"remark_b"`
	OneWay  bool   `yaml:"one_way,omitempty"`
}

// FriendRequest is a pending request from From to To.
type FriendRequest struct {
	Flag    string `yaml:"flag"`
	From    int64  `yaml:"from"`
	To      int64  `yaml:"to"`
	Comment string `yaml:"comment"`
}

// Group is a group and its members.
type Group struct {
	ID             int64    `yaml:"id"`
	Name           string   `yaml:"name"`
	Memo           string   `yaml:"memo"`
	MaxMembers     int32    `yaml:"max_members"`
	WholeBan       bool     `yaml:"whole_ban"`
	AllowAnonymous bool     `yaml:"allow_anonymous"`
	Members        []Member `yaml:"members"`
}

// Member is an account's membership of the group it is listed in.
type Member struct {
	ID    int64  `yaml:"id"`
	Role  string `yaml:"role"`
	Card  string `yaml:"card"`
	Title string `yaml:"title"`
	Level string `yaml:"level"`
	// GroupRemark is the member's own remark for the group (群备注), NapCat's group_remark.
	GroupRemark string `yaml:"group_remark"`
}

// GroupRequest is a join request (kind add: user asks to join) or an invitation (kind invite:
// user, a member, invites target).
type GroupRequest struct {
	Flag    string `yaml:"flag"`
	Kind    string `yaml:"kind"`
	Group   int64  `yaml:"group"`
	User    int64  `yaml:"user"`
	Target  int64  `yaml:"target"`
	Comment string `yaml:"comment"`
}

// Message is an initial message: from an account to a group (group) or to another account
// (to), written as a CQ-code string.
type Message struct {
	ID      int32  `yaml:"id"`
	From    int64  `yaml:"from"`
	To      int64  `yaml:"to"`
	Group   int64  `yaml:"group"`
	Message string `yaml:"message"`
	Time    int64  `yaml:"time"`
}

// Read parses and checks a world file; name prefixes its errors.
func Read(r io.Reader, name string) (*File, error) {
	raw, err := io.ReadAll(io.LimitReader(r, MaxFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(raw) > MaxFileBytes {
		return nil, fmt.Errorf("%s: larger than %d bytes", name, MaxFileBytes)
	}
	// Measured before decoding: the decoder would expand every alias.
	if err := checkExpansion(raw); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	dec.KnownFields(true) // a misspelt key is an error, not a silently ignored line
	var f File
	if err := dec.Decode(&f); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%s: the file is empty; a world needs at least one account with bot: true", name)
		}
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if err := f.check(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if err := f.checkTexts(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return &f, nil
}

// ReadFile reads and checks the world file at path.
func ReadFile(path string) (*File, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("world file: %w", err)
	}
	return Read(bytes.NewReader(data), path)
}

// check catches what can be told from the file alone, naming the key; Load catches the rest
// (QQ's rules) the same way.
func (f *File) check() error {
	ids := map[int64]string{}
	bots := 0
	for i, a := range f.Accounts {
		key := fmt.Sprintf("accounts[%d].id", i)
		if a.ID <= 0 {
			return fmt.Errorf("%s: %d is not a QQ number (a positive integer)", key, a.ID)
		}
		if prev, dup := ids[a.ID]; dup {
			return fmt.Errorf("%s: account %d is defined twice (also %s)", key, a.ID, prev)
		}
		ids[a.ID] = key
		if a.Bot {
			bots++
		}
	}
	if bots == 0 {
		return errors.New("accounts: no account has bot: true; a world needs a bot to serve")
	}
	known := func(key string, id int64) error {
		if _, ok := ids[id]; !ok {
			return fmt.Errorf("%s: account %d is not in accounts", key, id)
		}
		return nil
	}
	if f.DefaultBot != 0 {
		if err := known("default_bot", f.DefaultBot); err != nil {
			return err
		}
	}
	groups := map[int64]string{}
	for i, g := range f.Groups {
		key := fmt.Sprintf("groups[%d].id", i)
		if g.ID <= 0 {
			return fmt.Errorf("%s: %d is not a group number (a positive integer)", key, g.ID)
		}
		if prev, dup := groups[g.ID]; dup {
			return fmt.Errorf("%s: group %d is defined twice (also %s)", key, g.ID, prev)
		}
		groups[g.ID] = key
		seen := map[int64]bool{}
		for j, m := range g.Members {
			mkey := fmt.Sprintf("groups[%d].members[%d].id", i, j)
			if err := known(mkey, m.ID); err != nil {
				return err
			}
			if seen[m.ID] {
				return fmt.Errorf("%s: %d is listed twice in group %d", mkey, m.ID, g.ID)
			}
			seen[m.ID] = true
		}
	}
	for i, m := range f.Messages {
		key := fmt.Sprintf("messages[%d]", i)
		if m.ID < 0 {
			return fmt.Errorf("%s.id: %d; message ids are positive (or leave id out)", key, m.ID)
		}
		if (m.To == 0) == (m.Group == 0) {
			return fmt.Errorf("%s: give either to (a private message) or group (a group message)", key)
		}
		if m.Message == "" {
			return fmt.Errorf("%s.message: empty; write the message as text or CQ codes", key)
		}
	}
	return nil
}

// Load fills an empty world with the file's contents in one transaction: all or nothing.
func (f *File) Load(ctx context.Context, w *world.World) error { return w.Populate(ctx, f.Fill) }

// Fill fills the universe of a transaction already running with the file's contents
// (import_world and reset_world empty the world first, in the same transaction).
func (f *File) Fill(u *world.Universe) error {
	for i, a := range f.Accounts {
		err := u.AddAccount(world.Account{ID: a.ID, Nickname: a.Nickname, Sex: world.Sex(a.Sex), Age: a.Age, Level: a.Level, Sign: a.Sign, Area: a.Area, Bot: a.Bot, OfficialBot: a.IsRobot})
		if err != nil {
			return fmt.Errorf("accounts[%d]: %w", i, err)
		}
	}
	if f.DefaultBot != 0 {
		if err := u.SetDefaultBot(f.DefaultBot); err != nil {
			return fmt.Errorf("default_bot: %w", err)
		}
	}
	for i, fr := range f.Friends {
		befriend := u.Befriend
		if fr.OneWay {
			befriend = func(a, b int64, remarkA, _ string) error { return u.AddOneWayFriend(a, b, remarkA) }
		}
		if err := befriend(fr.A, fr.B, fr.RemarkA, fr.RemarkB); err != nil {
			return fmt.Errorf("friends[%d]: %w", i, err)
		}
	}
	for i, r := range f.FriendRequests {
		if err := u.AddFriendRequest(world.FriendRequest{Flag: r.Flag, From: r.From, To: r.To, Comment: r.Comment}); err != nil {
			return fmt.Errorf("friend_requests[%d]: %w", i, err)
		}
	}
	for i, g := range f.Groups {
		err := u.AddGroup(world.Group{ID: g.ID, Name: g.Name, Memo: g.Memo, MaxMembers: g.MaxMembers, WholeBan: g.WholeBan, AllowAnonymous: g.AllowAnonymous})
		if err != nil {
			return fmt.Errorf("groups[%d]: %w", i, err)
		}
		for j, m := range g.Members {
			err := u.AddMember(world.Membership{GroupID: g.ID, UserID: m.ID, Role: world.Role(m.Role), Card: m.Card, Title: m.Title, Level: m.Level, GroupRemark: m.GroupRemark})
			if err != nil {
				return fmt.Errorf("groups[%d].members[%d]: %w", i, j, err)
			}
		}
	}
	for i, r := range f.GroupRequests {
		err := u.AddGroupRequest(world.GroupRequest{Flag: r.Flag, Kind: world.RequestKind(r.Kind), GroupID: r.Group, UserID: r.User, TargetID: r.Target, Comment: r.Comment})
		if err != nil {
			return fmt.Errorf("group_requests[%d]: %w", i, err)
		}
	}
	for i, m := range f.Messages {
		msg := world.Message{ID: m.ID, SenderID: m.From, Time: m.Time, Segments: cqcode.Parse(m.Message)}
		if m.Group != 0 {
			msg.Type, msg.GroupID = world.Grouped, m.Group
		} else {
			msg.Type, msg.PeerID = world.Private, m.To
		}
		if _, err := u.AddMessage(msg); err != nil {
			return fmt.Errorf("messages[%d]: %w", i, err)
		}
	}
	return nil
}
