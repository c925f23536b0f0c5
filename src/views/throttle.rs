//! Rate limiting for views that follow a fast stream: a refresh runs at
//! once when the last one is long enough ago, otherwise once, later, so the
//! last change is never missed and nobody reads faster than the limit. The
//! deferred refresh's timer is held, not forgotten: one closure lives at a
//! time, however long the view runs.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo_timers::callback::Timeout;

/// Wraps `refresh` so that calling the result runs it at most `per_second`
/// times a second.
pub fn throttled(per_second: f64, refresh: impl Fn() + 'static) -> impl Fn() + Clone + 'static {
    let refresh = Rc::new(refresh);
    let last_run_ms = Rc::new(Cell::new(f64::NEG_INFINITY));
    let scheduled = Rc::new(Cell::new(false));
    // The last deferred refresh; replacing it frees the one before, which has fired.
    let deferred: Rc<RefCell<Option<Timeout>>> = Rc::new(RefCell::new(None));
    move || {
        let now = crate::web::clock::now_ms();
        let wait = last_run_ms.get() + 1000.0 / per_second - now;
        if wait <= 0.0 {
            last_run_ms.set(now);
            refresh();
        } else if !scheduled.replace(true) {
            let (refresh, last_run_ms, scheduled) = (refresh.clone(), last_run_ms.clone(), scheduled.clone());
            // Runs once; if the view is gone by then, its signals ignore the write.
            let timeout = Timeout::new(wait.ceil() as u32, move || {
                scheduled.set(false);
                last_run_ms.set(crate::web::clock::now_ms());
                refresh();
            });
            deferred.replace(Some(timeout));
        }
    }
}
