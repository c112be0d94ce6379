package inflight

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestCountValues(t *testing.T) {
	for _, tc := range []struct {
		body string
		want int
	}{
		{`{}`, 1},
		{`{"a":1}`, 3},
		{`{"a":"x,y:{[", "b": [1, 2.5e3, true, null]}`, 9},
		{`{"a":"\"}"}`, 3},
		{`[]`, 1},
		{`  `, 0},
	} {
		n, ok := CountValues([]byte(tc.body), 100)
		require.True(t, ok)
		require.Equal(t, tc.want, n, tc.body)
	}
	_, ok := CountValues([]byte(`[1,2,3,4]`), 4)
	require.False(t, ok)
}

// A budget gives what it has and no more, and takes back what it gave.
func TestBudget(t *testing.T) {
	b := NewBudget(10)
	require.True(t, b.Take(6))
	require.False(t, b.Take(5), "more than remains")
	require.True(t, b.Take(4))
	b.Give(10)
	require.Zero(t, b.Used())
}
