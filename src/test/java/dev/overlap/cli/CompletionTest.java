package dev.overlap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** `overlap generate-completion` prints a bash/zsh completion script that knows the subcommands and their options. */
class CompletionTest {
    @Test
    void completionScriptNamesEverySubcommandAndItsOptions() {
        StringWriter out = new StringWriter();
        int code = OverlapCommand.commandLine().setOut(new PrintWriter(out, true)).execute("generate-completion");
        assertEquals(0, code);
        String script = out.toString();
        assertTrue(script.contains("complete -F _complete_overlap"), "registers a completion function for overlap");
        for (String word : new String[] {"exit-times", "compare", "sample-complexity", "validate", "merge", "slurm",
            "--resume", "--engines", "--falsify"}) {
            assertTrue(script.contains(word), "the script offers " + word);
        }
    }
}
