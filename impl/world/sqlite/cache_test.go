package sqlite

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/onespec/onespec/impl/world"
)

// snapshot is everything the cache answers for, read through one transaction.
type snapshot struct {
	Meta        map[string]string
	Accounts    map[int64]world.Account
	Groups      map[int64]world.Group
	Memberships map[[2]int64]world.Membership
	Friendships map[[2]int64]string
	Members     map[int64][]world.MemberView
	Friends     map[int64][]world.Friend
	GroupLists  map[int64][]world.GroupSummary
}

var (
	snapAccounts = []int64{1, 2, 3, 4}
	snapGroups   = []int64{100, 200}
)

func takeSnapshot(t *testing.T, tx world.Tx) snapshot {
	t.Helper()
	s := snapshot{Meta: map[string]string{}, Accounts: map[int64]world.Account{}, Groups: map[int64]world.Group{},
		Memberships: map[[2]int64]world.Membership{}, Friendships: map[[2]int64]string{},
		Members: map[int64][]world.MemberView{}, Friends: map[int64][]world.Friend{}, GroupLists: map[int64][]world.GroupSummary{}}
	must := func(err error) {
		t.Helper()
		if err != nil && !errors.Is(err, world.ErrNotFound) {
			t.Fatal(err)
		}
	}
	for _, k := range []string{"default_bot", "other"} {
		v, ok, err := tx.Meta().Get(k)
		must(err)
		if ok {
			s.Meta[k] = v
		}
	}
	for _, id := range snapAccounts {
		if a, err := tx.Accounts().Get(id); err == nil {
			s.Accounts[id] = a
		} else {
			must(err)
		}
		f, err := tx.Friends().List(id)
		must(err)
		s.Friends[id] = f
		gl, err := tx.Groups().Of(id)
		must(err)
		s.GroupLists[id] = gl
		for _, other := range snapAccounts {
			remark, ok, err := tx.Friends().Remark(id, other)
			must(err)
			if ok {
				s.Friendships[[2]int64{id, other}] = remark
			}
		}
	}
	for _, g := range snapGroups {
		if gr, err := tx.Groups().Get(g); err == nil {
			s.Groups[g] = gr
		} else {
			must(err)
		}
		ms, err := tx.Members().List(g)
		must(err)
		s.Members[g] = ms
		for _, u := range snapAccounts {
			if m, err := tx.Members().Get(g, u); err == nil {
				s.Memberships[[2]int64{g, u}] = m
			} else {
				must(err)
			}
		}
	}
	return s
}

// The cache answers exactly what SQLite does after every kind of write, after a rolled-back
// transaction, and after a write the cache does not follow (which drops it); lists are sorted
// and reflect account changes.
func TestCacheMatchesDatabase(t *testing.T) {
	ctx := context.Background()
	acct := func(id int64, nick string, bot bool) world.Account {
		return world.Account{ID: id, Nickname: nick, Sex: world.Unknown, Bot: bot}
	}
	boom := errors.New("boom")
	steps := []struct {
		name string
		fn   func(tx world.Tx) error
		// wantErr is the error the step's transaction ends with (it is then rolled back).
		wantErr error
	}{
		{"accounts and meta", func(tx world.Tx) error {
			for _, a := range []world.Account{acct(3, "c", false), acct(1, "a", true), acct(2, "b", false), acct(4, "d", false)} {
				if err := tx.Accounts().Put(a); err != nil {
					return err
				}
			}
			return tx.Meta().Set("default_bot", "1")
		}, nil},
		{"groups and members, out of order", func(tx world.Tx) error {
			for _, g := range []world.Group{{ID: 200, Name: "two"}, {ID: 100, Name: "one", Talkative: &world.Honor{Type: world.Talkative, UserID: 2}}} {
				if err := tx.Groups().Put(g); err != nil {
					return err
				}
			}
			for _, m := range []world.Membership{{GroupID: 100, UserID: 3, Role: world.Member}, {GroupID: 100, UserID: 1, Role: world.Owner},
				{GroupID: 100, UserID: 2, Role: world.Admin}, {GroupID: 200, UserID: 1, Role: world.Member}} {
				if err := tx.Members().Put(m); err != nil {
					return err
				}
			}
			return nil
		}, nil},
		{"friendships", func(tx world.Tx) error {
			for _, f := range [][2]int64{{1, 4}, {4, 1}, {1, 2}, {2, 1}} {
				if err := tx.Friends().Put(f[0], f[1], "r"); err != nil {
					return err
				}
			}
			return nil
		}, nil},
		{"a membership changes", func(tx world.Tx) error {
			return tx.Members().Put(world.Membership{GroupID: 100, UserID: 3, Role: world.Member, Card: "card", LastSentTime: 9})
		}, nil},
		{"an account is renamed", func(tx world.Tx) error { return tx.Accounts().Put(acct(2, "b renamed", false)) }, nil},
		{"a group is renamed", func(tx world.Tx) error { return tx.Groups().Put(world.Group{ID: 200, Name: "two renamed"}) }, nil},
		{"a member names its group, an account is a QQ robot", func(tx world.Tx) error {
			// The member's group list, built by the last snapshot, shows the remark.
			if err := tx.Members().Put(world.Membership{GroupID: 100, UserID: 1, Role: world.Owner, GroupRemark: "my group"}); err != nil {
				return err
			}
			robot := acct(4, "d", false)
			robot.OfficialBot = true
			return tx.Accounts().Put(robot)
		}, nil},
		{"a rolled-back transaction changes nothing", func(tx world.Tx) error {
			if err := tx.Members().Put(world.Membership{GroupID: 200, UserID: 4, Role: world.Member}); err != nil {
				return err
			}
			if err := tx.Groups().Delete(100); err != nil {
				return err
			}
			if err := tx.Friends().Put(3, 4, "x"); err != nil {
				return err
			}
			return boom
		}, boom},
		{"leave, and a remark changes", func(tx world.Tx) error {
			if err := tx.Members().Delete(100, 3); err != nil {
				return err
			}
			return tx.Friends().Put(1, 2, "new remark")
		}, nil},
		{"a write the cache does not follow", func(wtx world.Tx) error {
			_, err := wtx.(*tx).exec(qDelMembership, 100, 2)
			return err
		}, nil},
		{"dismiss", func(tx world.Tx) error { return tx.Groups().Delete(100) }, nil},
	}
	st, err := Open(ctx, Memory)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for _, step := range steps {
		if err := st.Update(ctx, step.fn); !errors.Is(err, step.wantErr) {
			t.Fatalf("%s: %v, want %v", step.name, err, step.wantErr)
		}
		var cached, stored snapshot
		err := st.View(ctx, func(tx world.Tx) error {
			cached = takeSnapshot(t, tx)
			return nil
		})
		if err == nil {
			err = st.View(ctx, func(wtx world.Tx) error {
				wtx.(*tx).c = nil // read SQLite
				stored = takeSnapshot(t, wtx)
				return nil
			})
		}
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(cached, stored) {
			t.Errorf("after %s:\ncache    %+v\ndatabase %+v", step.name, cached, stored)
		}
	}
	// The walk ended where it should (so the comparisons above compared something).
	err = st.View(ctx, func(tx world.Tx) error {
		s := takeSnapshot(t, tx)
		if len(s.Members[100]) != 0 || len(s.Members[200]) != 1 || s.Accounts[2].Nickname != "b renamed" ||
			s.Friendships[[2]int64{1, 2}] != "new remark" || len(s.Friends[1]) != 2 || s.Friends[1][0].ID != 2 {
			t.Errorf("final state %+v", s)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// Every registered statement that writes a cached table is recognised as one, so a Tx method
// that writes one without updating the cache drops it rather than leaving it stale.
func TestWritesCached(t *testing.T) {
	for _, c := range []struct {
		q    string
		want bool
	}{
		{qPutMembership, true},
		{qDelMembership, true},
		{qPutAccount, true},
		{qCountGrp, true},
		{qSetMeta, true},
		{qPutFriendship, true},
		{qDelGroup, true},
		{qDelAccount, true},
		{"  update OR ignore members SET card = ''", true},
		{qInsertMessage, false},
		{qMembership, false},
		{qMembers, false},
		{qPutHonor, false},
		{qDelHonors, false},
	} {
		if got := writesCached(c.q); got != c.want {
			t.Errorf("writesCached(%.50q) = %v, want %v", c.q, got, c.want)
		}
	}
}
