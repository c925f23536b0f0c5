//! Which rows of a long list are on screen, so a view builds only those:
//! rows of one height, of which one (the expanded one) may be taller by a
//! fixed amount. Pure arithmetic on pixels; the message log uses it to
//! hold 10,000 rows while the page holds a few dozen elements.

/// A list's row geometry.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RowGeometry {
    /// From the top of one row to the top of the next, in px.
    pub pitch_px: f64,
    /// How much taller the expanded row is, in px.
    pub expanded_extra_px: f64,
    /// Rows built beyond each edge of the viewport, so a fast scroll
    /// shows rows rather than blank space.
    pub overscan: usize,
}

impl RowGeometry {
    /// The top of row `index`, in px from the top of the list.
    pub fn top_of(&self, index: usize, expanded: Option<usize>) -> f64 {
        let shift = if expanded.is_some_and(|open| open < index) { self.expanded_extra_px } else { 0.0 };
        index as f64 * self.pitch_px + shift
    }

    /// The whole list's height for `rows` rows.
    pub fn height_of(&self, rows: usize, expanded: Option<usize>) -> f64 {
        self.top_of(rows, expanded.filter(|open| *open < rows))
    }

    /// The row at `y` px from the top of the list (may be past the end).
    pub fn index_at(&self, y: f64, expanded: Option<usize>) -> usize {
        let y = y.max(0.0);
        let plain = (y / self.pitch_px) as usize;
        match expanded {
            Some(open) if plain > open => {
                let next_top = self.top_of(open + 1, expanded);
                if y < next_top {
                    open
                } else {
                    open + 1 + ((y - next_top) / self.pitch_px) as usize
                }
            }
            _ => plain,
        }
    }

    /// The rows to build, `first..end`, for a viewport `viewport_px` high
    /// scrolled to `scroll_top_px`, over a list of `rows` rows.
    pub fn visible(
        &self,
        rows: usize,
        scroll_top_px: f64,
        viewport_px: f64,
        expanded: Option<usize>,
    ) -> (usize, usize) {
        let first = self.index_at(scroll_top_px, expanded).saturating_sub(self.overscan).min(rows);
        let last = self.index_at(scroll_top_px + viewport_px.max(0.0), expanded) + 1 + self.overscan;
        (first, last.min(rows))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROWS: RowGeometry = RowGeometry { pitch_px: 80.0, expanded_extra_px: 300.0, overscan: 2 };

    #[test]
    fn rows_after_the_expanded_one_move_down_by_its_extra_height() {
        assert_eq!(ROWS.top_of(3, None), 240.0);
        assert_eq!(ROWS.top_of(3, Some(1)), 540.0);
        assert_eq!(ROWS.top_of(1, Some(1)), 80.0, "the expanded row itself stays");
        assert_eq!(ROWS.height_of(10_000, None), 800_000.0);
        assert_eq!(ROWS.height_of(10, Some(9)), 1_100.0);
        assert_eq!(ROWS.height_of(10, Some(12)), 800.0, "an expanded row that is gone adds nothing");
    }

    #[test]
    fn the_row_at_a_point_accounts_for_the_expanded_row() {
        assert_eq!(ROWS.index_at(0.0, None), 0);
        assert_eq!(ROWS.index_at(239.0, None), 2);
        assert_eq!(ROWS.index_at(-50.0, None), 0);
        // Row 1 is expanded: it runs from 80 to 460.
        assert_eq!(ROWS.index_at(100.0, Some(1)), 1);
        assert_eq!(ROWS.index_at(459.0, Some(1)), 1);
        assert_eq!(ROWS.index_at(460.0, Some(1)), 2);
        assert_eq!(ROWS.index_at(545.0, Some(1)), 3);
        for index in 0..20 {
            let top = ROWS.top_of(index, Some(4));
            assert_eq!(ROWS.index_at(top, Some(4)), index, "the top of row {index} is in row {index}");
        }
    }

    #[test]
    fn only_the_rows_on_screen_and_the_overscan_are_built() {
        assert_eq!(ROWS.visible(10_000, 0.0, 800.0, None), (0, 13));
        let (first, end) = ROWS.visible(10_000, 400_000.0, 800.0, None);
        assert_eq!((first, end), (4_998, 5_013));
        assert!(end - first < 20, "a few dozen rows of 10,000");
        assert_eq!(ROWS.visible(3, 0.0, 800.0, None), (0, 3), "a short list is built whole");
        assert_eq!(ROWS.visible(0, 0.0, 800.0, None), (0, 0));
        assert_eq!(ROWS.visible(5, 10_000.0, 800.0, None), (5, 5), "scrolled past a list that shrank");
    }
}
