use clap::Parser;

fn main() {
    let cli = owui::cli::Cli::parse();
    if let Err(e) = owui::cli::run(cli) {
        eprintln!("owui: {}", e.message());
        std::process::exit(1);
    }
}
