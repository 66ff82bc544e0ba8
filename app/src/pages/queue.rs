use super::home::RequestList;
use crate::api::queue;
use crate::components::{ErrorBox, PleaseLogin, UserResource};
use crate::model::QueueFilter;
use leptos::prelude::*;

#[component]
pub fn Queue() -> impl IntoView {
    let user = UserResource::get();
    let filter = RwSignal::new(QueueFilter::Menunggu);
    let items = Resource::new(move || filter.get(), queue);
    view! {
        <h1>"Antrian permohonan"</h1>
        <div class="tabs" role="tablist">
            <button
                role="tab"
                aria-selected=move || (filter.get() == QueueFilter::Menunggu).to_string()
                on:click=move |_| filter.set(QueueFilter::Menunggu)
            >
                "Menunggu tindakan saya"
            </button>
            <button
                role="tab"
                aria-selected=move || (filter.get() == QueueFilter::Semua).to_string()
                on:click=move |_| filter.set(QueueFilter::Semua)
            >
                "Semua"
            </button>
        </div>
        <Transition fallback=|| view! { <p class="loading">"Memuat…"</p> }>
            {move || Suspend::new(async move {
                let signed_in = matches!(user.await, Ok(Some(_)));
                match items.await {
                    _ if !signed_in => view! { <PleaseLogin /> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <p class="empty">"Tidak ada permohonan."</p> }.into_any(),
                    Ok(list) => view! { <RequestList items=list /> }.into_any(),
                    Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}
