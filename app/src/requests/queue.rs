//! `/antrian`: the officials' queue. Its filters are the page's address (a GET form and links,
//! so every view works without JavaScript and can be bookmarked); a search by NIK is posted.
//! A page holds 50 requests; "Berikutnya" continues after the last one.

use super::QueueByNik as QueueByNikFn;
use super::{NikSearch, QueuePage, QueueQuery, RequestSummary, queue};
use super::{RequestLink, RequestList};
use crate::catalogue::{LetterTypeInfo, letter_types};
use crate::components::{ErrorBox, PleaseLogin, UserResource};
use crate::echo::{self, FormFor};
use crate::plain_form::{answer_of, errors_of};
use crate::signing::SignForm;
use domain::{OfficeKind, RequestStatus, Role};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;
use std::collections::BTreeSet;
use uuid::Uuid;

#[component]
pub fn Queue() -> impl IntoView {
    let user = UserResource::get();
    let params = use_query_map();
    let query = Memo::new(move |_| params.with(|p| QueueQuery::from_params(|name| p.get(name))));
    let pick_all = params.with_untracked(|q| q.get("pilih")).as_deref() == Some("semua");
    let signed = RwSignal::new(0u32);
    let selected = RwSignal::new(BTreeSet::<Uuid>::new());
    let page = Resource::new(move || (query.get(), signed.get()), |(q, _)| queue(q));
    let ids = Signal::derive(move || selected.get().into_iter().collect::<Vec<_>>());
    let on_done = Callback::new(move |_| {
        selected.set(BTreeSet::new());
        signed.update(|n| *n += 1);
    });
    let types = Resource::new(|| (), |_| letter_types());
    let nik_search = ServerAction::<QueueByNikFn>::new();
    let by_nik = answer_of(nik_search);
    view! {
        <h1>"Antrian permohonan"</h1>
        <Transition fallback=|| view! { <p class="loading">"Memuat…"</p> }>
            {move || Suspend::new(async move {
                let Ok(Some(u)) = user.await else { return view! { <PleaseLogin /> }.into_any() };
                let office = u.office_kind().unwrap_or(OfficeKind::Kelurahan);
                let types = types.await.unwrap_or_default();
                let q = query.get();
                view! {
                    <QueueTabs query=q.clone() />
                    <Filters query=q office types />
                    <NikForm action=nik_search />
                }
                .into_any()
            })}
        </Transition>
        <Transition fallback=|| view! { <p class="loading">"Memuat…"</p> }>
            {move || Suspend::new(async move {
                let signed_in = matches!(user.await, Ok(Some(_)));
                if let Some(found) = by_nik.get() {
                    return view! { <NikResults found /> }.into_any();
                }
                match page.await {
                    _ if !signed_in => ().into_any(),
                    Ok(p) => view! { <PageView page=p query=query.get() selected pick_all /> }.into_any(),
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

/// The three views a clerk uses most, as links.
#[component]
fn QueueTabs(query: QueueQuery) -> impl IntoView {
    let waiting = query.waiting() && !query.lewat;
    let late = query.status.as_deref() == Some("semua") && query.lewat;
    let all = query.status.as_deref() == Some("semua") && !query.lewat;
    let current = |on: bool| on.then_some("page");
    view! {
        <nav class="tabs" aria-label="Tampilan antrian">
            <a href="/antrian" aria-current=current(waiting)>"Menunggu tindakan saya"</a>
            <a href="/antrian?status=semua&lewat=ya" aria-current=current(late)>"Lewat tenggat"</a>
            <a href="/antrian?status=semua" aria-current=current(all)>"Semua"</a>
        </nav>
    }
}

/// The filter form: a GET of the page itself, so its answer is an address like any other.
#[component]
fn Filters(query: QueueQuery, office: OfficeKind, types: Vec<LetterTypeInfo>) -> impl IntoView {
    let q = query;
    let status = q.status.clone().unwrap_or_else(|| "menunggu".into());
    let chosen = move |value: &str, current: &str| value == current;
    let statuses: Vec<(String, String)> =
        [("menunggu".to_string(), "Menunggu tindakan saya".to_string()), ("semua".into(), "Semua status".into())]
            .into_iter()
            .chain(RequestStatus::ALL.iter().map(|s| (s.as_str().to_string(), s.label(office))))
            .collect();
    let jenis = q.jenis.clone().unwrap_or_default();
    let kanal = q.kanal.clone().unwrap_or_default();
    let urut = q.urut.clone().unwrap_or_default();
    let open = q.jenis.is_some() || q.kanal.is_some() || q.dari.is_some() || q.sampai.is_some() || q.urut.is_some();
    view! {
        <form method="get" action="/antrian" class="card filters" role="search">
            <div class="row">
                <div class="grow">
                    <label for="cari">"Cari nama, kode permohonan atau nomor surat"</label>
                    // A NIK typed here would travel in the address: the browser refuses it (and the
                    // server too), and points to the NIK search below.
                    <input id="cari" name="cari" type="search" maxlength="100" value=q.cari.clone().unwrap_or_default()
                        pattern="(?![0-9 ]{12,}$).*" title="Untuk NIK atau nomor KK gunakan kolom Cari dengan NIK." />
                </div>
                <div>
                    <label for="status">"Status"</label>
                    <select id="status" name="status">
                        {statuses.into_iter().map(|(value, label)| {
                            let selected = chosen(&value, &status);
                            view! { <option value=value selected=selected>{label}</option> }
                        }).collect_view()}
                    </select>
                </div>
            </div>
            <details open=open>
                <summary>"Saring lebih lanjut"</summary>
                <div class="row">
                    <div>
                        <label for="jenis">"Jenis surat"</label>
                        <select id="jenis" name="jenis">
                            <option value="">"Semua jenis"</option>
                            {types.into_iter().map(|t| {
                                let selected = t.code == jenis;
                                view! { <option value=t.code selected=selected>{t.title}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                    <div>
                        <label for="kanal">"Diajukan lewat"</label>
                        <select id="kanal" name="kanal">
                            <option value="" selected=kanal.is_empty()>"Daring dan loket"</option>
                            <option value="daring" selected=kanal == "daring">"Daring"</option>
                            <option value="loket" selected=kanal == "loket">"Loket"</option>
                        </select>
                    </div>
                    <div>
                        <label for="dari">"Diajukan dari"</label>
                        <input id="dari" name="dari" type="date" value=q.dari.clone().unwrap_or_default() />
                    </div>
                    <div>
                        <label for="sampai">"sampai"</label>
                        <input id="sampai" name="sampai" type="date" value=q.sampai.clone().unwrap_or_default() />
                    </div>
                    <div>
                        <label for="urut">"Urutkan"</label>
                        <select id="urut" name="urut">
                            <option value="" selected=urut.is_empty()>"Bawaan"</option>
                            <option value="tenggat" selected=urut == "tenggat">"Tenggat terdekat"</option>
                            <option value="terlama" selected=urut == "terlama">"Terlama diajukan"</option>
                            <option value="terbaru" selected=urut == "terbaru">"Terbaru diajukan"</option>
                        </select>
                    </div>
                </div>
            </details>
            <label class="check">
                <input type="checkbox" name="lewat" value="ya" checked=q.lewat />
                " Hanya yang lewat tenggat"
            </label>
            <div class="actions">
                <button type="submit">"Terapkan"</button>
                <a href="/antrian" class="button secondary">"Hapus saringan"</a>
            </div>
        </form>
    }
}

/// The NIK search: posted (never in the address), and recorded in the resident's access history.
#[component]
fn NikForm(action: ServerAction<QueueByNikFn>) -> impl IntoView {
    let path = <QueueByNikFn as ServerFn>::PATH;
    let errors = errors_of(action);
    let nik = RwSignal::new(echo::value(path, "nik").unwrap_or_default());
    let open = echo::echoed(path).is_some();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        action.dispatch(QueueByNikFn { input: NikSearch { nik: nik.get_untracked() } });
    };
    view! {
        <details class="card nik-search" open=open>
            <summary>"Cari dengan NIK"</summary>
            <form method="post" action="/antrian" on:submit=on_submit>
                <FormFor path=path />
                <label for="queue-nik">"NIK orang yang dibuatkan surat"</label>
                <input id="queue-nik" name="nik" inputmode="numeric" autocomplete="off" maxlength="20" required
                    value=nik.get_untracked() bind:value=nik />
                <p class="hint">"Pencarian dengan NIK tercatat di riwayat akses data warga tersebut."</p>
                <button type="submit" disabled=move || action.pending().get()>"Cari"</button>
                {move || errors.get().map(|e| view! { <ErrorBox error=e /> })}
            </form>
        </details>
    }
}

#[component]
fn NikResults(found: QueuePage) -> impl IntoView {
    view! {
        <section class="nik-results">
            <h2>{format!("Hasil pencarian NIK: {} permohonan", found.count)}</h2>
            {if found.items.is_empty() {
                view! { <p class="empty">"Tidak ada permohonan atas NIK ini di kantor Anda."</p> }.into_any()
            } else {
                view! { <RequestList items=found.items /> }.into_any()
            }}
            <p><a href="/antrian">"Kembali ke antrian"</a></p>
        </section>
    }
}

/// One page: the counts, the list (with checkboxes where the official can sign), and the way on.
#[component]
fn PageView(page: QueuePage, query: QueueQuery, selected: RwSignal<BTreeSet<Uuid>>, pick_all: bool) -> impl IntoView {
    let counts = if page.overdue > 0 {
        view! {
            <p class="counts">
                {format!("{} permohonan · ", page.count)}
                <a class="late" href=QueueQuery { lewat: true, ..query.first_page() }.href()>
                    {format!("{} lewat tenggat", page.overdue)}
                </a>
            </p>
        }
        .into_any()
    } else {
        view! { <p class="counts">{format!("{} permohonan · tidak ada yang lewat tenggat", page.count)}</p> }.into_any()
    };
    let next = page.next.clone().map(|cursor| QueueQuery { setelah: Some(cursor), ..query.clone() }.href());
    let first = query.setelah.is_some().then(|| query.first_page().href());
    let here = query.href();
    let list = if page.items.is_empty() {
        view! { <p class="empty">"Tidak ada permohonan."</p> }.into_any()
    } else if page.items.iter().any(|r| r.signable) {
        view! { <SignableList items=page.items here selected pick_all /> }.into_any()
    } else {
        view! { <RequestList items=page.items /> }.into_any()
    };
    view! {
        {counts}
        {list}
        <nav class="pager" aria-label="Halaman antrian">
            {first.map(|href| view! { <a href=href>"← Halaman pertama"</a> })}
            {next.map(|href| view! { <a href=href rel="next">"Berikutnya →"</a> })}
        </nav>
    }
}

/// The page with a checkbox on every request the official can sign now.
#[component]
fn SignableList(
    items: Vec<RequestSummary>,
    here: String,
    selected: RwSignal<BTreeSet<Uuid>>,
    pick_all: bool,
) -> impl IntoView {
    let signable: Vec<Uuid> = items.iter().filter(|r| r.signable).map(|r| r.id).collect();
    let all = signable.clone();
    // `pilih=semua` (the link below, followed without JavaScript) starts with all ticked.
    if pick_all {
        selected.set(signable.iter().copied().collect());
    }
    let sep = if here.contains('?') { '&' } else { '?' };
    let pick_href = format!("{here}{sep}pilih=semua");
    view! {
        <a href=pick_href class="button secondary select-all" on:click=move |ev| {
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
