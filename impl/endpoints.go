package impl

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/onespec/onespec/impl/sse"
	"github.com/onespec/onespec/impl/web"
)

// Bots lists the world's bots, the default bot first and the others by id, with the URLs of
// their endpoints under base (scheme and host, as "http://127.0.0.1:5700"): the default bot's at
// the root, every bot's under /bots/{self_id}/ (see botPrefix).
func (s *Server) Bots(ctx context.Context, base string) ([]web.Bot, error) {
	accounts, err := s.world.Accounts(ctx)
	if err != nil {
		return nil, fmt.Errorf("listing the accounts: %w", err)
	}
	def, err := s.world.DefaultBot(ctx)
	if err != nil {
		return nil, fmt.Errorf("finding the default bot: %w", err)
	}
	base = strings.TrimSuffix(base, "/")
	ws := "ws" + strings.TrimPrefix(base, "http") // http→ws, https→wss
	var bots []web.Bot
	for _, a := range accounts {
		if !a.Bot {
			continue
		}
		prefix := "/"
		if a.ID != def {
			prefix = botPrefix + strconv.FormatInt(a.ID, 10) + "/"
		}
		bots = append(bots, web.Bot{
			SelfID: a.ID, Nickname: a.Nickname, Default: a.ID == def,
			HTTP: base + prefix, WebSocket: ws + prefix, Events: base + strings.TrimSuffix(prefix, "/") + sse.Path,
		})
	}
	slices.SortFunc(bots, func(a, b web.Bot) int {
		if a.Default != b.Default {
			if a.Default {
				return -1
			}
			return 1
		}
		return cmp.Compare(a.SelfID, b.SelfID)
	})
	return bots, nil
}
