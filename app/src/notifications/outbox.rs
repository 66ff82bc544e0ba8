//! `/admin/notifikasi`: the outbox as the city administrator sees it: how many messages are in
//! each state, and the latest ones not sent with their last error (nothing is dropped silently).

use super::{OutboxView, notification_outbox};
use crate::components::ErrorBox;
use leptos::prelude::*;

fn status_label(status: &str) -> &'static str {
    match status {
        "menunggu" => "Menunggu dikirim",
        "terkirim" => "Terkirim",
        "gagal" => "Gagal",
        "tanpa_kanal" => "Tidak terkirim: kanal belum dikonfigurasi",
        _ => "Lain",
    }
}

#[component]
pub fn OutboxPage() -> impl IntoView {
    let view_ = Resource::new(|| (), |_| notification_outbox());
    view! {
        <h1>"Kotak keluar pemberitahuan"</h1>
        <Transition fallback=|| view! { <p class="loading">"Memuat…"</p> }>
            {move || Suspend::new(async move {
                match view_.await {
                    Ok(v) => view! { <OutboxTable v /> }.into_any(),
                    Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn OutboxTable(v: OutboxView) -> impl IntoView {
    let channels = if v.available.is_empty() {
        "Belum ada kanal yang dikonfigurasi (SERAMBI_SMTP_URL, SERAMBI_WA_URL).".to_string()
    } else {
        format!("Kanal aktif: {}.", v.available.iter().map(|c| c.label()).collect::<Vec<_>>().join(", "))
    };
    let counts = v.counts.into_iter().map(|(s, n)| view! { <li>{status_label(&s)} ": " {n}</li> }).collect_view();
    let rows = v
        .unsent
        .into_iter()
        .map(|r| {
            view! {
                <tr>
                    <td>{r.created_label}</td>
                    <td>{r.kind}</td>
                    <td>{r.channel.label()} " " {r.to}</td>
                    <td>{status_label(&r.status)}</td>
                    <td>{r.attempts}</td>
                    <td>{r.last_error.unwrap_or_default()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <p class="hint">{channels}</p>
        <ul>{counts}</ul>
        <h2>"Belum terkirim (terbaru)"</h2>
        <table>
            <thead>
                <tr><th>"Dibuat"</th><th>"Jenis"</th><th>"Kepada"</th><th>"Status"</th><th>"Percobaan"</th><th>"Galat terakhir"</th></tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}
