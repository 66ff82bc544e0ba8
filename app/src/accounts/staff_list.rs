//! `/admin/akun`: the staff accounts an administrator manages (the city's administrator sees
//! every office, an office administrator their own), with a search. The search term is not
//! secret, so it travels in the address (`?cari=`).

use super::{StaffSummary, list_staff};
use crate::components::{ErrorBox, PleaseLogin, UserResource};
use crate::error::AppError;
use leptos::prelude::*;
use leptos_router::components::{A, Form};
use leptos_router::hooks::use_query_map;

#[component]
pub fn StaffList() -> impl IntoView {
    let user = UserResource::get();
    let query = use_query_map();
    let search = move || query.read().get("cari").unwrap_or_default();
    let list = Resource::new(search, list_staff);
    view! {
        <h1>"Akun pegawai"</h1>
        <Transition fallback=|| view! { <p class="loading">"Memuat…"</p> }>
            {move || Suspend::new(async move {
                match user.await {
                    Ok(Some(u)) if u.role.administers() => {}
                    Ok(Some(_)) => return view! { <ErrorBox error=AppError::Forbidden /> }.into_any(),
                    _ => return view! { <PleaseLogin /> }.into_any(),
                }
                let rows = list.await;
                view! {
                    <div class="toolbar">
                        <Form method="get" action="/admin/akun" attr:role="search" attr:class="search">
                            <label for="cari">"Cari nama, nama pengguna, NIP atau kantor"</label>
                            <input id="cari" name="cari" type="search" value=search() />
                            <button type="submit" class="secondary">"Cari"</button>
                        </Form>
                        <A href="/admin/akun/baru" attr:class="button">"Buat akun"</A>
                    </div>
                    {match rows {
                        Ok(rows) if rows.is_empty() => view! { <p class="empty">"Tidak ada akun yang cocok."</p> }.into_any(),
                        Ok(rows) => view! { <StaffTable rows /> }.into_any(),
                        Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                    }}
                }
                .into_any()
            })}
        </Transition>
    }
}

#[component]
fn StaffTable(rows: Vec<StaffSummary>) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="staff">
                <thead>
                    <tr>
                        <th>"Nama"</th>
                        <th>"Nama pengguna"</th>
                        <th>"Peran"</th>
                        <th>"Kantor"</th>
                        <th>"Status"</th>
                        <th>"Terakhir masuk"</th>
                        <th>"Sertifikat"</th>
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|s| view! {
                            <tr class:inactive=!s.active>
                                <td><A href=format!("/admin/akun/{}", s.id)>{s.name}</A></td>
                                <td>{s.username}</td>
                                <td>{s.role_label}</td>
                                <td>{s.office.unwrap_or_else(|| "—".into())}</td>
                                <td>{if s.active { "Aktif" } else { "Nonaktif" }}</td>
                                <td>{s.last_login.unwrap_or_else(|| "Belum pernah".into())}</td>
                                <td>{s.certificate.label()}</td>
                            </tr>
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}
