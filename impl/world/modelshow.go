package world

import (
	"context"
	"fmt"
	"unicode/utf8"
)

// Model show (在线机型): the name an account shows as its device for a phone model
// (_set_model_show), listed first among the model's names (_get_model_show). QQ keeps one
// chosen name per account.

const maxModelRunes = 64

// defaultModel is the model of an account that never chose one.
const defaultModel = "onespec"

// ModelShow is the name UserID shows for its phone Model.
type ModelShow struct {
	UserID int64
	Model  string
	Show   string
}

// ModelVariant is one name an account may show for a model.
type ModelVariant struct {
	Show    string
	NeedPay bool
}

// ModelShowStore keeps each account's chosen model name.
type ModelShowStore interface {
	// Get is the account's choice; ok is false when it never made one.
	Get(userID int64) (m ModelShow, ok bool, err error)
	Put(ModelShow) error
}

func checkModelName(field, s string) error {
	if n := utf8.RuneCountInString(s); n < 1 || n > maxModelRunes {
		return fmt.Errorf("%s: %d characters; 1 to %d: %w", field, n, maxModelRunes, ErrInvalid)
	}
	return nil
}

// ModelVariants are the names the actor may show for model (its chosen one first); an empty
// model is the one it last chose, else the default.
func (a *Actor) ModelVariants(ctx context.Context, model string) ([]ModelVariant, error) {
	var out []ModelVariant
	err := a.view(ctx, func(o *act) error {
		if utf8.RuneCountInString(model) > maxModelRunes {
			return checkModelName("model", model)
		}
		m, ok, err := o.tx.ModelShows().Get(o.self)
		if err != nil {
			return err
		}
		if model == "" {
			model = defaultModel
			if ok {
				model = m.Model
			}
		}
		if ok && m.Model == model && m.Show != model {
			out = append(out, ModelVariant{Show: m.Show})
		}
		out = append(out, ModelVariant{Show: model})
		return nil
	})
	return out, err
}

// SetModelShow makes the actor show name for its phone model.
func (a *Actor) SetModelShow(ctx context.Context, model, show string) error {
	return a.update(ctx, func(o *act) error {
		if err := checkModelName("model", model); err != nil {
			return err
		}
		if err := checkModelName("model_show", show); err != nil {
			return err
		}
		m := ModelShow{UserID: o.self, Model: model, Show: show}
		o.record(&ModelShowChanged{ModelShow: m})
		return o.tx.ModelShows().Put(m)
	})
}

// ModelShowChanged: an account chose the name of its device. QQ tells no bot.
type ModelShowChanged struct {
	Head
	unseen
	ModelShow ModelShow
}

// SetModelShow declares the name an account shows for its model (the seed, world files).
func (u *Universe) SetModelShow(m ModelShow) error {
	if _, err := u.o.tx.Accounts().Get(m.UserID); err != nil {
		return err
	}
	if err := checkModelName("model", m.Model); err != nil {
		return err
	}
	if err := checkModelName("model_show", m.Show); err != nil {
		return err
	}
	return u.o.tx.ModelShows().Put(m)
}
