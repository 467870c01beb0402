//! The `asl` command (being written).
fn main() {
    eprintln!("asl: not yet implemented");
    std::process::exit(2);
}
