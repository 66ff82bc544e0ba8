// mimalloc instead of glibc's malloc: under load, a quarter of a verification answer's time was
// glibc allocating and freeing (BENCHMARKS.md, "Verification under load").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    server::cli::main()
}
