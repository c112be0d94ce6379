package impl

import (
	"context"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/impl/world"
)

// rkeyServerName is get_rkey_server's name for this server (NapCat answers "NapCat 4").
const rkeyServerName = "onespec"

// GetRkey is get_rkey 获取 RKey: the bot's current keys, private then group.
func (s *Server) GetRkey(ctx context.Context, _ gen.GetRkeyRequestObject) (gen.GetRkeyResponseObject, error) {
	keys, err := s.bot(ctx).RKeys(ctx)
	list := make(gen.RkeyList, len(keys))
	for i, k := range keys {
		list[i] = gen.Rkey{Type: gen.RkeyType(k.Kind.String()), Rkey: k.Value, CreatedAt: k.Created, TTL: k.TTL}
	}
	return gen.GetRkey200JSONResponse(result(ctx, list, err)), nil
}

// NcGetRkey is nc_get_rkey 获取 RKey（原始）: the same keys with QQ's fields.
func (s *Server) NcGetRkey(ctx context.Context, _ gen.NcGetRkeyRequestObject) (gen.NcGetRkeyResponseObject, error) {
	keys, err := s.bot(ctx).RKeys(ctx)
	list := make(gen.NcRkeyList, len(keys))
	for i, k := range keys {
		list[i] = gen.NcRkey{Rkey: k.Value, TTL: k.TTL, Time: k.Created, Type: gen.NcRkeyType(k.Kind)}
	}
	return gen.NcGetRkey200JSONResponse(result(ctx, list, err)), nil
}

// GetRkeyServer is get_rkey_server 获取 RKey 服务器: both keys and when the earlier expires.
func (s *Server) GetRkeyServer(ctx context.Context, _ gen.GetRkeyServerRequestObject) (gen.GetRkeyServerResponseObject, error) {
	keys, err := s.bot(ctx).RKeys(ctx)
	data := gen.GetRkeyServerData{Name: rkeyServerName}
	for _, k := range keys {
		expires := k.Created + k.TTL
		if data.ExpiredTime == nil || expires < *data.ExpiredTime {
			data.ExpiredTime = &expires
		}
		switch k.Kind {
		case world.PrivateRKey:
			data.PrivateRkey = &k.Value
		case world.GroupRKey:
			data.GroupRkey = &k.Value
		}
	}
	return gen.GetRkeyServer200JSONResponse(result(ctx, data, err)), nil
}
