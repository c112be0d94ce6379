package conformance

import (
	"encoding/json"
	"net/http"

	"github.com/onespec/onespec/gen"
)

// modelShowAction answers _set_model_show and _get_model_show on the event test server as the
// reference server does: the chosen name first among its model's names.
func (es *eventServer) modelShowAction(w http.ResponseWriter, r *http.Request) bool {
	action := r.URL.Path[1:]
	if action != gen.ActionSetModelShow && action != gen.ActionGetModelShow {
		return false
	}
	var p gen.SetModelShowParams
	_ = json.NewDecoder(r.Body).Decode(&p)
	var data any
	es.mu.Lock()
	if action == gen.ActionSetModelShow {
		es.modelShow = &p
	} else {
		model := p.Model
		if model == "" {
			model = "onespec"
			if es.modelShow != nil {
				model = es.modelShow.Model
			}
		}
		list := gen.ModelShowList{Variants: []gen.ModelShowVariant{{ModelShow: model}}}
		if es.modelShow != nil && es.modelShow.Model == model {
			list.Variants = append([]gen.ModelShowVariant{{ModelShow: es.modelShow.ModelShow}}, list.Variants...)
		}
		data = list
	}
	es.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"status": "ok", "retcode": 0, "data": data, "message": "", "wording": ""})
	return true
}
