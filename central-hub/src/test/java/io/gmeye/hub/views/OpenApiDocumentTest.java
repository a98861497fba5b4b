package io.gmeye.hub.views;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The hand-written API document is valid OpenAPI 3, as the reference parser reads it. */
class OpenApiDocumentTest {
    @Test
    void theDocumentIsValidOpenApi() {
        assertThat(OpenApiDoc.parserMessages(OpenApiDoc.text())).isEmpty();
    }

    @Test
    void theParserRefusesADescriptionSplitByAnUnquotedComma() {
        // the defect the document had: a flow mapping's plain scalar ends at a comma, and the rest becomes a bogus key
        String broken = """
                openapi: 3.0.3
                info: {title: t, version: "1"}
                paths:
                  /x:
                    get:
                      responses: {"200": {description: frames, a few per second}}
                """;
        assertThat(OpenApiDoc.parserMessages(broken)).anyMatch(m -> m.contains("a few per second"));
    }
}
