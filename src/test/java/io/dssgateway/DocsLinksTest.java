package io.dssgateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every relative link of README.md and docs/*.md leads somewhere: the file exists, and a {@code #anchor}
 * names a heading of the target as GitHub spells its anchors. Links outside the repository (http, mailto)
 * are not followed.
 */
class DocsLinksTest {

  private static final Path ROOT = Path.of(System.getProperty("project.basedir", "."));
  private static final Pattern LINK =
      Pattern.compile("!?\\[[^\\]\\n]*\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
  private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.+?)\\s*#*\\s*$");

  @Test
  void everyRelativeLinkOfTheReadmeAndTheDocsResolves() throws IOException {
    List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md")));
    try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
    }
    assertThat(pages).hasSizeGreaterThan(5);
    List<String> broken = new ArrayList<>();
    int checked = 0;
    for (Path page : pages) {
      List<String> links = links(Files.readString(page));
      checked += links.size();
      for (String link : links) {
        String problem = problem(page, link);
        if (problem != null) {
          broken.add(ROOT.relativize(page) + ": " + link + " (" + problem + ")");
        }
      }
    }
    assertThat(checked).as("links found").isGreaterThan(30);
    assertThat(broken).as("broken links").isEmpty();
  }

  @Test
  void theCheckFindsAMissingFileAndAMissingAnchor() throws IOException {
    Path dir = Files.createTempDirectory("docs-links");
    Path page = dir.resolve("page.md");
    Files.writeString(page, "# A `code` title, with punctuation!\n\n## Twice\n\n## Twice\n");
    assertThat(problem(page, "#a-code-title-with-punctuation")).isNull();
    assertThat(problem(page, "#twice-1")).isNull();
    assertThat(problem(page, "page.md#twice")).isNull();
    assertThat(problem(page, "#nowhere")).contains("no heading");
    assertThat(problem(page, "other.md")).contains("no such file");
    assertThat(problem(page, "https://example.com/x")).isNull();
    assertThat(links("see [a](b.md) and ![c](d.png)\n```\n[not](a-link.md)\n```\n"))
        .containsExactly("b.md", "d.png");
  }

  /** The link targets of a markdown text, outside fenced code blocks. */
  static List<String> links(String markdown) {
    List<String> out = new ArrayList<>();
    boolean fenced = false;
    for (String line : markdown.split("\n")) {
      if (line.stripLeading().startsWith("```")) {
        fenced = !fenced;
        continue;
      }
      if (fenced) {
        continue;
      }
      Matcher m = LINK.matcher(line);
      while (m.find()) {
        out.add(m.group(1));
      }
    }
    return out;
  }

  /** Why a link from {@code page} does not resolve, or null when it does (or leads outside the repository). */
  static String problem(Path page, String link) throws IOException {
    if (link.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
      return null;
    }
    int hash = link.indexOf('#');
    String file = hash < 0 ? link : link.substring(0, hash);
    Path target = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
    if (!Files.exists(target)) {
      return "no such file " + target;
    }
    if (hash < 0) {
      return null;
    }
    String anchor = link.substring(hash + 1);
    if (Files.isDirectory(target) || !target.toString().endsWith(".md")) {
      return "an anchor into a file that is not markdown";
    }
    return anchors(Files.readString(target)).contains(anchor)
        ? null
        : "no heading for #" + anchor + " in " + target.getFileName();
  }

  /** GitHub's heading anchors: lower case, punctuation dropped, spaces as hyphens, repeats numbered. */
  static Set<String> anchors(String markdown) {
    Set<String> out = new HashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    boolean fenced = false;
    for (String line : markdown.split("\n")) {
      if (line.stripLeading().startsWith("```")) {
        fenced = !fenced;
        continue;
      }
      Matcher m = HEADING.matcher(line);
      if (fenced || !m.matches()) {
        continue;
      }
      String text = m.group(1).replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1");
      String slug =
          text.toLowerCase(Locale.ROOT)
              .replaceAll("[^\\p{L}\\p{N}\\s_-]", "")
              .trim()
              .replaceAll("\\s", "-");
      int n = seen.merge(slug, 1, Integer::sum) - 1;
      out.add(n == 0 ? slug : slug + "-" + n);
    }
    return out;
  }
}
