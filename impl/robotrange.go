package impl

import (
	"context"
	"strconv"

	"github.com/onespec/onespec/gen"
)

// GetRobotUinRange is get_robot_uin_range 获取机器人 QQ 号范围.
func (s *Server) GetRobotUinRange(ctx context.Context, _ gen.GetRobotUinRangeRequestObject) (gen.GetRobotUinRangeResponseObject, error) {
	ranges, err := s.bot(ctx).RobotUinRanges(ctx)
	data := make(gen.RobotUinRangeList, 0, len(ranges))
	for _, r := range ranges {
		data = append(data, gen.RobotUinRange{MinUin: strconv.FormatInt(r.Min, 10), MaxUin: strconv.FormatInt(r.Max, 10)})
	}
	return gen.GetRobotUinRange200JSONResponse(result(ctx, data, err)), nil
}
