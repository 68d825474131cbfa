//! Prints the channel candidates of each word given as an argument (a debugging aid).
use kehoach::restore::channel::Channel;
use kehoach::restore::model::Model;
use kehoach::restore::Damage;
fn main() {
    let model = Model::embedded();
    let channel = Channel::new(Damage::OcrLatinModel);
    for w in std::env::args().skip(1) {
        let c = channel.candidates(&model, &w);
        let shown: Vec<String> = c.iter().take(12).map(|c| format!("{}:{:.1}/{:.1}", model.lm.word(c.sym), c.logp, model.lm.unigram(c.sym))).collect();
        println!("{w}: {}", shown.join(" "));
    }
}
