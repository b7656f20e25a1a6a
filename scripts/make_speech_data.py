"""Record the spoken-words data once with espeak-ng: `python scripts/make_speech_data.py`.

The task definitions (committed before any transfer result was measured):

- Source task: which of 100 spoken English words (no digit and no digit sound-alike) is this?
  20 clips a word, each said by a random voice: one of 8 English accents of espeak-ng, one of 70
  voice variants (the SOURCE_VARIANTS), a random pitch (20-80) and speed (130-210 words a minute).
- Target task: which digit, zero to nine, is this? 50 clips a digit, said the same way but by the 30
  other voice variants (TARGET_VARIANTS): voices the source model never heard.

Every clip is trimmed of silence, centred in one second and turned into a log-mel spectrogram by
`tk.speech.log_mel_spectrogram`, stored as uint8 (`tk.speech.quantize`) in
transferkit/datasets/spoken_words.npz, with who said each clip and six waveforms to listen to.
Needs the `espeak-ng` program (Debian: `apt install espeak-ng`); learners never run this.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import wave
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from transferkit import speech  # noqa: E402

SOURCE_WORDS = (
    "apple about after again air animal answer back ball bank bird black blue boat body book box boy bread "
    "bring brown car carry cat chair child city clean close cloud cold come cup dance dark day dog door down "
    "dream drink early earth easy eat egg face fall far farm fast father fire fish floor flower fly food "
    "friend game garden girl give glass gold good green hand happy hat head heart horse house ice jump king "
    "lamp large laugh light lion little long money moon mother music name night orange paper party pencil rain "
    "river road school shoe snow"
).split()
DIGITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
ACCENTS = ("en-us", "en-gb", "en-gb-scotland", "en-gb-x-gbclan", "en-gb-x-rp", "en-gb-x-gbcwmd", "en-029",
           "en-us-nyc")
VARIANTS = (
    "Adam Alex Alicia Andrea Andy Annie Antonio Auntie Belinda Benjamin Boris Caleb David Demonic Denis Diogo Ed "
    "Edward Edward2 Gene Gene2 Gustave Half-LifeAnnouncementSystem Henrique Hugo Iven Iven2 Iven3 Iven4 Jacky John "
    "Kaukovalta Lee Linda Marcelo Marco Mario Max Michael Michel Miguel Mike Mr_Serious Nguyen Pablo Paul Pedro "
    "Quincy RicishayMax RicishayMax2 RicishayMax3 Rob Robert Robosoft Robosoft2 Robosoft3 Robosoft4 Robosoft5 "
    "Robosoft6 Robosoft7 Robosoft8 Steph Steph2 Steph3 Storm Tweaky UniversalRobot Zac anika anikaRobot "
    "anxiousAndy female2 female3 female4 female5 female_whisper grandpa klatt klatt2 klatt3 klatt4 klatt5 klatt6 "
    "male2 male3 male4 male5 male6 male7 norbert sandro shelby travis victor whisper male8 female1 croak male1 grandma"
).split()
_ORDER = np.random.default_rng(0).permutation(len(VARIANTS))
SOURCE_VARIANTS = tuple(VARIANTS[i] for i in sorted(_ORDER[:70]))
TARGET_VARIANTS = tuple(VARIANTS[i] for i in sorted(_ORDER[70:]))
SOURCE_CLIPS, TARGET_CLIPS = 20, 50
OUTPUT = speech.DATA_FILE


def say(word: str, accent: str, variant: str, pitch: int, speed: int) -> np.ndarray:
    """Return espeak-ng's recording of `word` as float32 samples at 22,050 Hz."""
    wav = subprocess.run(["espeak-ng", "-v", f"{accent}+{variant}", "-p", str(pitch), "-s", str(speed), "--stdout",
                          word], check=True, capture_output=True).stdout
    with wave.open(io.BytesIO(wav)) as reader:
        if reader.getframerate() != speech.SAMPLE_RATE:
            raise RuntimeError(f"espeak-ng wrote {reader.getframerate()} Hz; expected {speech.SAMPLE_RATE}.")
        return np.frombuffer(reader.readframes(reader.getnframes()), dtype="<i2").astype("float32") / 32768


def record(words, variants, clips_per_word: int, seed: int):
    rng = np.random.default_rng(seed)
    waveforms, labels, voices = [], [], []
    for label, word in enumerate(words):
        for _ in range(clips_per_word):
            voice = {"accent": str(rng.choice(ACCENTS)), "variant": str(rng.choice(variants)),
                     "pitch": int(rng.integers(20, 81)), "speed": int(rng.integers(130, 211))}
            waveforms.append(speech.fit_to_clip(say(word, **voice)))
            labels.append(label)
            voices.append(voice)
    return np.stack(waveforms), np.array(labels, dtype="int16"), voices


def main() -> int:
    arrays = {}
    examples, example_words = [], []
    for task, words, variants, clips, seed in (("source", SOURCE_WORDS, SOURCE_VARIANTS, SOURCE_CLIPS, 0),
                                               ("target", DIGITS, TARGET_VARIANTS, TARGET_CLIPS, 1)):
        waveforms, labels, voices = record(words, variants, clips, seed)
        arrays[f"{task}_spectrograms"] = speech.quantize(speech.log_mel_spectrogram(waveforms))
        arrays[f"{task}_labels"] = labels
        arrays[f"{task}_words"] = np.array(words)
        arrays[f"{task}_voices"] = np.array(json.dumps(voices))
        for index in np.flatnonzero(np.r_[True, np.diff(labels) != 0])[:3]:  # the first clip of three words
            examples.append(np.round(waveforms[index] * 32767).astype("int16"))
            example_words.append(words[labels[index]])
        print(f"{task}: {len(labels)} clips of {len(words)} words", flush=True)
    arrays["example_waveforms"] = np.stack(examples)
    arrays["example_words"] = np.array(example_words)
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(OUTPUT, **arrays)
    print(f"wrote {OUTPUT} ({OUTPUT.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
