package org.hearthgate.contract.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every JSON example in docs/wire-format.md decodes, and every payload type has an example. */
class WireFormatDocTest {

    @Test
    void everyExampleInTheWireFormatDocumentDecodes() throws Exception {
        Path doc = Path.of("..", "docs", "wire-format.md");
        String text = Files.readString(doc);
        Matcher m = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL).matcher(text);
        List<Message> examples = new ArrayList<>();
        WireCodec codec = new WireCodec();
        while (m.find()) {
            examples.add(codec.decode(m.group(1).getBytes(StandardCharsets.UTF_8)));
        }
        Set<Class<?>> covered = new HashSet<>();
        for (Message e : examples) {
            covered.add(e.body().getClass());
        }
        assertThat(covered).as("one example per message type in docs/wire-format.md")
                .containsAll(WireTypes.PAYLOADS.keySet());
    }
}
