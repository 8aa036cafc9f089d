package dev.airlock.inference.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DjlTokenizerTest {
    private static final List<String> TEXTS = List.of(
            "Hello, world! How are you today?",
            "I'm sure they'll say it's fine; WE'VE tried, DON'T worry.",
            "The year 2024 had 366 days; π ≈ 3.14159265358979 and 1,234,567.89 units.",
            "  leading spaces,\ttabs\t\tand\n\nblank lines\r\n\r\n   trailing   ",
            "non\u00a0breaking\u3000ideographic\u2028line separator",
            "Größenwahn über Äpfel, façade, naïve coöperation, Ærøskøbing.",
            "Москва — столица России. Привет, как дела?",
            "人工智能正在改变世界。我们今天去北京吧！",
            "東京は日本の首都です。ひらがなとカタカナ、漢字。",
            "안녕하세요, 만나서 반갑습니다.",
            "مرحبا بالعالم، كيف حالك؟",
            "नमस्ते दुनिया, आप कैसे हैं?",
            "Emoji: 👍🏽 👨‍👩‍👧‍👦 🇫🇷 ❤️‍🔥 and e\u0301 with a combining accent.",
            "public static void main(String[] args) {\n    System.out.println(\"x\" + 42);\n}\n",
            "https://example.com/path?query=a&b=c#frag <tag attr='v'>text</tag> $HOME/~user",
            "camelCaseIdentifier HTTPServerError XMLHttpRequest snake_case_name ALLCAPS");

    @TempDir
    static Path dir;

    private static Tokenizer tokenizer;
    private static Encoding o200k;

    @BeforeAll
    static void load() {
        tokenizer = Tokenizer.load(Phi4TokenizerFixture.tokenizerJson());
        o200k = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    @Test
    void encodesPlainTextExactlyLikeTiktokenO200k() {
        for (String text : TEXTS) {
            assertThat(tokenizer.encode(text))
                    .as(text)
                    .containsExactly(o200k.encodeOrdinary(text).toArray());
        }
    }

    @Test
    void encodesALongMixedTextExactlyLikeTiktokenO200k() {
        String text = String.join("\n", TEXTS).repeat(20);

        int[] ids = tokenizer.encode(text);

        assertThat(ids).containsExactly(o200k.encodeOrdinary(text).toArray());
    }

    @Test
    void encodesSeededRandomMixturesOfTrickyPiecesExactlyLikeTiktokenO200k() {
        String[] pieces = {"a", "B", "Q", "é", "É", "ß", "ǅ", "ʰ", "中", "日", "한", "ا", "क", "ि", "\u0301", "0", "7",
            "٣", "  ", " ", "\t", "\n", "\r\n", "\u00a0", "\u3000", "\u2028", "'s", "'LL", "'t", "!", "...", "/",
            "-", "_", "\"", "😀", "👍🏽", "\u200d", "€", "{", "Hello", " world", "ABC", "123456", "\n\n", " \n "};
        var random = new Random(42);

        for (int i = 0; i < 2000; i++) {
            var text = new StringBuilder();
            int length = 1 + random.nextInt(30);
            for (int j = 0; j < length; j++) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }

            assertThat(tokenizer.encode(text.toString()))
                    .as(text.toString())
                    .containsExactly(o200k.encodeOrdinary(text.toString()).toArray());
        }
    }

    @Test
    void mapsEachAddedTokenInTextToItsSingleId() {
        for (Phi4Token token : Phi4Token.values()) {
            assertThat(tokenizer.encode(token.content())).as(token.content()).containsExactly(token.id());
        }
    }

    @Test
    void splitsSpecialTokensOutOfSurroundingText() {
        int[] ids = tokenizer.encode("<|user|>Hi<|end|><|assistant|>");

        assertThat(ids).containsExactly(200_021, o200k.encodeOrdinary("Hi").get(0), 200_020, 200_019);
    }

    @Test
    void decodesWhatItEncodedBackToTheSameText() {
        for (String text : TEXTS) {
            assertThat(tokenizer.decode(tokenizer.encode(text))).isEqualTo(text);
        }
    }

    @Test
    void skipsSpecialTokensButKeepsToolTokensWhenAsked() {
        int[] ids = tokenizer.encode("<|assistant|><|tool_call|>[]<|/tool_call|><|end|>");

        String text = tokenizer.decode(ids, true);

        assertThat(text).isEqualTo("<|tool_call|>[]<|/tool_call|>");
    }

    @Test
    void decodesUnusedIdsToNothing() {
        String text = tokenizer.decode(new int[] {199_998, 200_063});

        assertThat(text).isEmpty();
    }

    @Test
    void loadsTheTokenizerOfACheckpointFolder() {
        try (Tokenizer fromFolder = Tokenizer.load(Phi4TokenizerFixture.tokenizerJson().getParent())) {
            assertThat(fromFolder.encode("hello world")).containsExactly(tokenizer.encode("hello world"));
        }
    }

    @Test
    void rejectsAFolderWithoutTokenizerJsonNamingThePath() {
        assertThatThrownBy(() -> Tokenizer.load(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(dir.resolve("tokenizer.json").toString());
    }
}
