package worldfile

import (
	"bytes"
	"fmt"

	"gopkg.in/yaml.v3"

	"github.com/onespec/onespec/impl/cqcode"
	"github.com/onespec/onespec/impl/world"
)

// Export writes a world's snapshot as a world file, which Load (or import_world) turns back
// into the same accounts, friendships, groups, members, requests and messages with the same
// ids. What the format does not hold is left out: announcements, essences, honors, forwards,
// cached files, group files, mutes and recalled messages. Messages their sender could not
// send now (they left the group or the friendship ended) would be refused by Load under QQ's
// rules, so they are left out too and counted in skipped.
func Export(s world.Snapshot) (f *File, skipped int) {
	f = &File{DefaultBot: s.DefaultBot}
	for _, a := range s.Accounts {
		f.Accounts = append(f.Accounts, Account{ID: a.ID, Nickname: a.Nickname, Sex: string(a.Sex), Age: a.Age, Level: a.Level, Sign: a.Sign, Area: a.Area, Bot: a.Bot, IsRobot: a.OfficialBot})
	}
	friends := map[[2]int64]bool{}
	for _, p := range s.Friends {
		f.Friends = append(f.Friends, Friendship{A: p.A, B: p.B, RemarkA: p.RemarkA, RemarkB: p.RemarkB, OneWay: p.OneWay})
		if !p.OneWay {
			friends[[2]int64{p.A, p.B}], friends[[2]int64{p.B, p.A}] = true, true
		}
	}
	for _, r := range s.FriendRequests {
		f.FriendRequests = append(f.FriendRequests, FriendRequest{Flag: r.Flag, From: r.From, To: r.To, Comment: r.Comment})
	}
	canSpeak := map[[2]int64]bool{} // group, member: in the group and allowed to speak
	for _, g := range s.Groups {
		out := Group{ID: g.ID, Name: g.Name, Memo: g.Memo, MaxMembers: g.MaxMembers, WholeBan: g.WholeBan, AllowAnonymous: g.AllowAnonymous}
		for _, m := range g.Members {
			out.Members = append(out.Members, Member{ID: m.UserID, Role: string(m.Role), Card: m.Card, Title: m.Title, Level: m.Level, GroupRemark: m.GroupRemark})
			canSpeak[[2]int64{g.ID, m.UserID}] = !g.WholeBan || m.Role != world.Member
		}
		f.Groups = append(f.Groups, out)
	}
	for _, r := range s.GroupRequests {
		f.GroupRequests = append(f.GroupRequests, GroupRequest{Flag: r.Flag, Kind: string(r.Kind), Group: r.GroupID, User: r.UserID, Target: r.TargetID, Comment: r.Comment})
	}
	for _, m := range s.Messages {
		out := Message{ID: m.ID, From: m.SenderID, Time: m.Time, Message: cqcode.Format(m.Segments)}
		switch {
		case m.Type == world.Grouped && canSpeak[[2]int64{m.GroupID, m.SenderID}]:
			out.Group = m.GroupID
		case m.Type == world.Private && friends[[2]int64{m.SenderID, m.PeerID}]:
			out.To = m.PeerID
		default:
			skipped++
			continue
		}
		if out.Message == "" {
			skipped++
			continue
		}
		f.Messages = append(f.Messages, out)
	}
	return f, skipped
}

// Encode writes the file as YAML.
func (f *File) Encode() ([]byte, error) {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(f); err != nil {
		return nil, fmt.Errorf("encoding the world file: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("encoding the world file: %w", err)
	}
	return buf.Bytes(), nil
}
