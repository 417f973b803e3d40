// Text in columns without ImGui's table engine. The console's grids (the token set's facts, the end users,
// the CRM records, the id_token's checks and claims) need fixed proportions, a header row and per-column
// wrapping, which ImGui's older columns API (BeginColumns, in imgui_tables.cpp's small legacy half) gives;
// the table engine it replaced cost 11.7 KB gzip of console.wasm (docs/PERFORMANCE.md "Transfer size:
// columns instead of tables"). Inside a column GetContentRegionAvail() is the column's width, so
// draw_wrapped() wraps at the column edge as it did in a table cell.
#pragma once
#include <initializer_list>

#include "imgui.h"

namespace zc::web {

/// Starts a grid named `id` (unique in its window) of weights.size() columns across the available width,
/// column i getting weights[i] / sum(weights) of it, or, when `first_px` > 0, column 0 exactly `first_px`
/// pixels and the others share the rest by weight. Widths are set every frame (the user cannot drag them).
/// `headers` (empty: none) are drawn dimmed on the first row, with a separator under them. The cursor is in
/// column 0 of the first body row; end with end_grid(). `border`: vertical lines between columns.
void begin_grid(const char* id, std::initializer_list<float> weights, std::initializer_list<const char*> headers,
                bool border = true, float first_px = 0.0f);

/// Moves to the next column; after the last column, to column 0 of the next row.
inline void grid_next() { ImGui::NextColumn(); }

/// Ends the grid begun by begin_grid(); the cursor continues below its tallest column.
void end_grid();

/// The width in pixels the widest of `labels` takes, plus the item spacing: a first column that fits them.
float label_column_width(std::initializer_list<const char*> labels);

}  // namespace zc::web
