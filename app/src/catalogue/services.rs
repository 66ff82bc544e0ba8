//! The letter catalogue: what each letter type needs, who signs it and how long it takes,
//! readable before signing in.

use super::LetterTypeInfo;
use super::letter_types;
use crate::components::ErrorBox;
use crate::error::AppError;
use crate::form::LetterRequirements;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn Services() -> impl IntoView {
    view! {
        <h1>"Layanan surat"</h1>
        <p>"Pilih jenis surat untuk melihat persyaratannya. Data diri diambil dari data kependudukan Anda."</p>
        <LetterCatalogue />
    }
}

/// Every letter type, with what it needs, who signs it and how long it takes.
#[component]
pub fn LetterCatalogue() -> impl IntoView {
    let types = Resource::new(|| (), |_| letter_types());
    view! {
        <Transition fallback=|| view! { <p class="loading">"Memuat…"</p> }>
            {move || Suspend::new(async move {
                match types.await {
                    Ok(list) => view! { <ServiceList items=list /> }.into_any(),
                    Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
pub fn ServiceList(items: Vec<LetterTypeInfo>) -> impl IntoView {
    view! {
        <ul class="services">
            {items
                .into_iter()
                .map(|t| {
                    let required = t.attachments.iter().filter(|a| a.required).count();
                    let meta = format!(
                        "{} · ditandatangani {} · {required} lampiran wajib",
                        t.service_label(),
                        t.signer_label()
                    );
                    view! {
                        <li class="card letter-type">
                            <h3>
                                <A href=format!("/layanan/{}", t.code)>{t.title.clone()}</A>
                            </h3>
                            <p>{t.description.clone()}</p>
                            <p class="meta">{meta}</p>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

#[component]
pub fn ServicePage() -> impl IntoView {
    let params = use_params_map();
    let code = move || params.read().get("code").unwrap_or_default();
    let types = Resource::new(|| (), |_| letter_types());
    view! {
        <Transition fallback=|| view! { <p class="loading">"Memuat…"</p> }>
            {move || Suspend::new(async move {
                let found = types.await.and_then(|list| {
                    list.into_iter().find(|t| t.code == code()).ok_or(AppError::NotFound)
                });
                match found {
                    Ok(info) => {
                        let href = format!("/permohonan/baru?jenis={}", info.code);
                        view! {
                            <h1>{info.title.clone()}</h1>
                            <section class="card">
                                <LetterRequirements info />
                                <A href=href attr:class="button">
                                    "Ajukan surat ini"
                                </A>
                            </section>
                        }
                            .into_any()
                    }
                    Err(e) => {
                        #[cfg(feature = "ssr")]
                        crate::web::set_status(e.status());
                        view! { <ErrorBox error=e /> }.into_any()
                    }
                }
            })}
        </Transition>
    }
}
