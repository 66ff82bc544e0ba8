//! Requests in a list: the resident's own and the office's queue.

use super::RequestSummary;
use crate::components::StatusBadge;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn RequestList(items: Vec<RequestSummary>) -> impl IntoView {
    view! {
        <ul class="requests">
            {items.into_iter().map(|r| view! { <li><RequestLink summary=r /></li> }).collect_view()}
        </ul>
    }
}

/// One request in a list: what, for whom, when, and its status.
#[component]
pub fn RequestLink(summary: RequestSummary) -> impl IntoView {
    let r = summary;
    let href = format!("/permohonan/{}", r.id);
    view! {
        <A href=href attr:class="request-link">
            <span class="title">{r.letter_title}</span>
            <span class="sub">{r.subject_name} " · " {r.office_kind.office_name(&r.kelurahan)}</span>
            <span class="sub">"Kode " <strong class="reference">{r.reference}</strong> " · Diajukan " {r.submitted_label}</span>
            {r.clock.map(|c| {
                let class = if c.late_by > 0 { "sub clock late" } else { "sub clock" };
                view! { <span class=class>{c.text()}</span> }
            })}
            <StatusBadge status=r.status office=r.office_kind />
        </A>
    }
}
