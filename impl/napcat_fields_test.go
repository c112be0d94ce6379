package impl_test

import (
	"testing"

	"github.com/onespec/onespec/gen"
	ctl "github.com/onespec/onespec/gen/control"
)

// NapCat's extensions of the group and member answers (group_all_shut, group_remark,
// qq_level, is_robot, shut_up_timestamp) are read from the world, never constants: each
// follows what the control API declares and what the bots do.
func TestNapCatFieldsFollowTheWorld(t *testing.T) {
	s := newScenario(t)
	const robot = 2854196310 // Q群管家
	s.control(ctl.ActionCreateAccount, map[string]any{"user_id": 10009, "nickname": "机器人乙", "bot": true, "level": 12}, nil)
	s.control(ctl.ActionCreateAccount, map[string]any{"user_id": robot, "nickname": "Q群管家", "is_robot": true}, nil)
	for _, m := range []map[string]any{
		{"group_id": 20001, "user_id": 10009, "group_remark": "乙的群"},
		{"group_id": 20001, "user_id": 10001, "group_remark": "甲的群"},
		{"group_id": 20001, "user_id": robot},
	} {
		s.control(ctl.ActionSetMember, m, nil)
	}

	group := func(self int64) gen.GroupInfo {
		t.Helper()
		var info gen.GroupInfo
		s.botOK(self, "get_group_info", map[string]any{"group_id": 20001}, &info)
		var list gen.GroupList
		s.botOK(self, "get_group_list", map[string]any{}, &list)
		for _, g := range list {
			if g.GroupID == 20001 && (*g.GroupAllShut != *info.GroupAllShut || *g.GroupRemark != *info.GroupRemark) {
				t.Errorf("bot %d: get_group_list shows %d/%q, get_group_info %d/%q", self, *g.GroupAllShut, *g.GroupRemark, *info.GroupAllShut, *info.GroupRemark)
			}
		}
		return info
	}
	// The remark is each bot's own, in the same group.
	for self, want := range map[int64]string{10001: "甲的群", 10009: "乙的群"} {
		if g := group(self); g.GroupRemark == nil || *g.GroupRemark != want || g.GroupAllShut == nil || *g.GroupAllShut != 0 {
			t.Errorf("bot %d sees group_remark %v, group_all_shut %v; want %q, 0", self, g.GroupRemark, g.GroupAllShut, want)
		}
	}
	// The whole ban is the group's: both bots see it, until it is lifted.
	s.botOK(10001, "set_group_whole_ban", map[string]any{"group_id": 20001, "enable": true}, nil)
	for _, self := range []int64{10001, 10009} {
		if g := group(self); *g.GroupAllShut != -1 {
			t.Errorf("bot %d during the whole ban: group_all_shut %d, want -1", self, *g.GroupAllShut)
		}
	}
	s.botOK(10001, "set_group_whole_ban", map[string]any{"group_id": 20001, "enable": false}, nil)
	if g := group(10009); *g.GroupAllShut != 0 {
		t.Errorf("after the whole ban: group_all_shut %d, want 0", *g.GroupAllShut)
	}

	member := func(userID int64) gen.GroupMemberInfo {
		t.Helper()
		var info gen.GroupMemberInfo
		s.botOK(10001, "get_group_member_info", map[string]any{"group_id": 20001, "user_id": userID}, &info)
		var list gen.GroupMemberList
		s.botOK(10001, "get_group_member_list", map[string]any{"group_id": 20001}, &list)
		for _, m := range list {
			if m.UserID == userID && (*m.QqLevel != *info.QqLevel || *m.IsRobot != *info.IsRobot || *m.ShutUpTimestamp != *info.ShutUpTimestamp) {
				t.Errorf("member %d: the list shows %d/%v/%d, the info %d/%v/%d", userID, *m.QqLevel, *m.IsRobot, *m.ShutUpTimestamp, *info.QqLevel, *info.IsRobot, *info.ShutUpTimestamp)
			}
		}
		return info
	}
	tests := []struct {
		user    int64
		level   int32
		isRobot bool
	}{
		{10003, 25, false}, // the seed's QQ level, not the group level "5"
		{10009, 12, false}, // a bot the server answers for is an ordinary account
		{10001, 64, false},
		{robot, 1, true},
	}
	for _, tt := range tests {
		m := member(tt.user)
		if *m.QqLevel != tt.level || *m.IsRobot != tt.isRobot || *m.ShutUpTimestamp != 0 {
			t.Errorf("member %d: qq_level %d is_robot %v shut_up_timestamp %d; want %d %v 0", tt.user, *m.QqLevel, *m.IsRobot, *m.ShutUpTimestamp, tt.level, tt.isRobot)
		}
	}
	s.control(ctl.ActionUpdateAccount, map[string]any{"user_id": robot, "is_robot": false, "level": 3}, nil)
	if m := member(robot); *m.IsRobot || *m.QqLevel != 3 {
		t.Errorf("after update_account: is_robot %v qq_level %d", *m.IsRobot, *m.QqLevel)
	}

	// A mute sets the time it ends; lifting it clears it.
	s.botOK(10001, "set_group_ban", map[string]any{"group_id": 20001, "user_id": 10003, "duration": 600}, nil)
	if m, want := member(10003), fixedNow.Unix()+600; *m.ShutUpTimestamp != want {
		t.Errorf("muted: shut_up_timestamp %d, want %d", *m.ShutUpTimestamp, want)
	}
	s.control(ctl.ActionMuteMember, map[string]any{"group_id": 20001, "user_id": 10003, "by": 10002, "duration": 0}, nil)
	if m := member(10003); *m.ShutUpTimestamp != 0 {
		t.Errorf("lifted: shut_up_timestamp %d, want 0", *m.ShutUpTimestamp)
	}
}
