use super::queue;
use super::{QueueFilter, RequestSummary};
use super::{RequestLink, RequestList};
use crate::components::{ErrorBox, PleaseLogin, UserResource};
use crate::signing::SignForm;
use domain::Role;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use std::collections::BTreeSet;
use uuid::Uuid;

#[component]
pub fn Queue() -> impl IntoView {
    let user = UserResource::get();
    // The tab and "pilih semua" are links (plain GETs of non-secret values), so they work
    // without JavaScript too.
    let query = use_query_map();
    let filter = Memo::new(move |_| match query.with(|q| q.get("tampil")).as_deref() {
        Some("semua") => QueueFilter::Semua,
        _ => QueueFilter::Menunggu,
    });
    let pick_all = query.with_untracked(|q| q.get("pilih")).as_deref() == Some("semua");
    let signed = RwSignal::new(0u32);
    let selected = RwSignal::new(BTreeSet::<Uuid>::new());
    let items = Resource::new(move || (filter.get(), signed.get()), |(f, _)| queue(f));
    let ids = Signal::derive(move || selected.get().into_iter().collect::<Vec<_>>());
    let on_done = Callback::new(move |_| {
        selected.set(BTreeSet::new());
        signed.update(|n| *n += 1);
    });
    view! {
        <h1>"Antrian permohonan"</h1>
        <nav class="tabs">
            <A href="/antrian" attr:aria-current=move || (filter.get() == QueueFilter::Menunggu).then_some("page")>
                "Menunggu tindakan saya"
            </A>
            <A href="/antrian?tampil=semua" attr:aria-current=move || (filter.get() == QueueFilter::Semua).then_some("page")>
                "Semua"
            </A>
        </nav>
        <Transition fallback=|| view! { <p class="loading">"Memuat…"</p> }>
            {move || Suspend::new(async move {
                let signed_in = matches!(user.await, Ok(Some(_)));
                match items.await {
                    _ if !signed_in => view! { <PleaseLogin /> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <p class="empty">"Tidak ada permohonan."</p> }.into_any(),
                    Ok(list) if list.iter().any(|r| r.signable) => {
                        view! { <SignableList items=list selected pick_all /> }.into_any()
                    }
                    Ok(list) => view! { <RequestList items=list /> }.into_any(),
                    Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                }
            })}
        </Transition>
        // Outside the list's suspense, so the outcome of a batch stays on screen while the list reloads.
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let signs = matches!(user.await, Ok(Some(u)) if matches!(u.role, Role::Lurah | Role::Camat));
                signs.then(|| view! {
                    <section class="card sign-batch">
                        <h2>"Tanda tangan elektronik"</h2>
                        <p>"Centang permohonan yang sudah diverifikasi, lalu tandatangani sekaligus."</p>
                        <SignForm ids on_done />
                    </section>
                })
            })}
        </Transition>
    }
}

/// The queue with a checkbox on every request the official can sign now.
#[component]
fn SignableList(items: Vec<RequestSummary>, selected: RwSignal<BTreeSet<Uuid>>, pick_all: bool) -> impl IntoView {
    let signable: Vec<Uuid> = items.iter().filter(|r| r.signable).map(|r| r.id).collect();
    let all = signable.clone();
    // `?pilih=semua` (the link below, followed without JavaScript) starts with all ticked.
    if pick_all {
        selected.set(signable.iter().copied().collect());
    }
    view! {
        <a href="/antrian?pilih=semua" class="button secondary select-all" on:click=move |ev| {
            ev.prevent_default();
            selected.set(all.iter().copied().collect());
        }>
            {format!("Pilih semua yang siap ditandatangani ({})", signable.len())}
        </a>
        <ul class="requests selectable">
            {items
                .into_iter()
                .enumerate()
                .map(|(i, r)| {
                    let id = r.id;
                    // Without JavaScript the checkbox itself joins the signing form below.
                    let check = r.signable.then(|| view! {
                        <input
                            type="checkbox"
                            class="pick"
                            form="sign-form"
                            name=format!("request_ids[{i}]")
                            value=id.to_string()
                            data-request=id.to_string()
                            aria-label=format!("Pilih {} — {}", r.letter_title, r.subject_name)
                            checked=pick_all
                            prop:checked=move || selected.get().contains(&id)
                            on:change=move |_| selected.update(|s| if !s.remove(&id) { s.insert(id); })
                        />
                    });
                    view! { <li>{check}<RequestLink summary=r /></li> }
                })
                .collect_view()}
        </ul>
    }
}
