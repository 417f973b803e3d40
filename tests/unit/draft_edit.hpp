// Edits a Model's draft the way the browser's form does (wasm/views/profile_form_view.cpp): on a copy of
// Model::draft(), handed back whole through Model::edit_draft() when the edit ends. Tests change fields as
//   DraftEdit(model)->client_id = "1000.X";        // one field: handed back at the end of the statement
//   { DraftEdit edit(model); edit->name = "N"; ... }  // several: handed back at the closing brace
#pragma once
#include "console/model.hpp"

namespace zc::testing {

/// A copy of `model`'s draft that goes back to it through Model::edit_draft() when this object ends.
class DraftEdit {
 public:
  explicit DraftEdit(Model& model) : model_(model), profile_(model.draft()) {}
  ~DraftEdit() { model_.edit_draft(profile_); }
  DraftEdit(const DraftEdit&) = delete;
  DraftEdit& operator=(const DraftEdit&) = delete;

  Profile* operator->() { return &profile_; }
  Profile& profile() { return profile_; }

 private:
  Model& model_;
  Profile profile_;
};

}  // namespace zc::testing
