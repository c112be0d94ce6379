package wordslice

import (
	"slices"
	"testing"
)

func TestSplit(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"", []string{}},
		{"，。！ ", []string{}},
		{"今天天气不错，我们一起学习OneBot v11", []string{"今天", "天气", "不错", "我们", "一起", "学习", "OneBot", "v11"}},
		{"你好世界啊", []string{"你好", "世界", "啊"}},
		{"用QQ机器人2024年", []string{"用", "QQ", "机器", "人", "2024", "年"}},
		{"hello, world!", []string{"hello", "world"}},
		{"😀笑", []string{"笑"}},
		{"[CQ:face,id=14]好", []string{"CQ", "face", "id", "14", "好"}},
	}
	for _, tt := range tests {
		if got := Split(tt.text); !slices.Equal(got, tt.want) {
			t.Errorf("Split(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}
