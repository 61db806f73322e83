package io.dssgateway.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The demo page as a user sees it: what to click, and what it shows (read from the DOM). */
final class DemoPage {

  /** One row of the live table. */
  record Row(String type, String dsn, String property, String value, String seq) {}

  private final WebDriver driver;
  private final Duration patience;

  DemoPage(WebDriver driver, Duration patience) {
    this.driver = driver;
    this.patience = patience;
  }

  void open(String url) {
    driver.get(url);
    waitFor("the sign-in form or the app", d -> isShown("login-view") || isShown("app-view"));
  }

  String field(String id) {
    return driver.findElement(By.id(id)).getDomProperty("value");
  }

  void fill(String id, String text) {
    WebElement input = driver.findElement(By.id(id));
    input.clear();
    input.sendKeys(text);
  }

  void submitSignIn() {
    driver.findElement(By.id("login-submit")).click();
  }

  void signIn() {
    submitSignIn();
    waitFor(
        "the app after sign-in with the device filters offered",
        d ->
            isShown("app-view")
                && !d.findElements(By.cssSelector("#models input[type=checkbox]")).isEmpty());
  }

  /** Subscribes with the form as it is; waits for the stream and every upstream socket to be live. */
  void subscribe(List<String> types) {
    driver.findElement(By.id("subscribe")).click();
    waitFor("the connection indicator to say live", d -> "live".equals(connectionState()));
    waitFor(
        "every upstream stream live",
        d -> types.stream().allMatch(t -> "live".equals(upstream(t, "upstreamState"))));
  }

  void click(String id) {
    driver.findElement(By.id(id)).click();
  }

  /** Opens the newest row's details the keyboard way: focus its time button and press Enter. */
  void showDetailsOfNewestRow() {
    driver
        .findElement(By.cssSelector("#events tbody tr:first-child .time-button"))
        .sendKeys(org.openqa.selenium.Keys.ENTER);
  }

  String connectionState() {
    return driver.findElement(By.id("conn")).getDomAttribute("data-state");
  }

  String text(String id) {
    return driver.findElement(By.id(id)).getText();
  }

  /** A data attribute of an element (e.g. the chart's "points"), or null. */
  String attribute(String id, String dataKey) {
    return (String)
        js(
            "const e = document.getElementById(arguments[0]); return e ? e.dataset[arguments[1]] || null : null;",
            id,
            dataKey);
  }

  /** The toggle button of a boolean to-device property. */
  WebElement toggle(String dsn, String property) {
    return driver.findElement(
        By.cssSelector("button[data-dsn='" + dsn + "'][data-property='" + property + "']"));
  }

  @SuppressWarnings("unchecked")
  List<Row> rows() {
    List<List<String>> raw =
        (List<List<String>>)
            js(
                "return [...document.querySelectorAll('#events tbody tr')].map(tr => "
                    + "[tr.dataset.type, ...['dsn','property','value','seq'].map(c => tr.querySelector('td.' + c).textContent)]);");
    return raw.stream()
        .map(r -> new Row(r.get(0), r.get(1), r.get(2), r.get(3), r.get(4)))
        .toList();
  }

  /** The seq column per event type, in ascending order. */
  static Map<String, List<Long>> seqsByType(List<Row> rows) {
    Map<String, List<Long>> out = new TreeMap<>();
    for (Row r : rows) {
      out.computeIfAbsent(r.type(), t -> new ArrayList<>()).add(Long.parseLong(r.seq()));
    }
    out.values().forEach(list -> list.sort(null));
    return out;
  }

  static boolean contiguous(List<Long> sorted) {
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i) != sorted.get(i - 1) + 1) {
        return false;
      }
    }
    return true;
  }

  boolean hasRow(String type, String property, String value) {
    return rows().stream()
        .anyMatch(
            r -> r.type().equals(type) && r.property().equals(property) && r.value().equals(value));
  }

  /** A data attribute of the upstream stream entry of a type (e.g. "reconnects", "upstreamState"), or null. */
  String upstream(String type, String attribute) {
    return (String)
        js(
            "const li = document.querySelector('#upstream li[data-type=\"' + arguments[0] + '\"]');"
                + " return li ? li.dataset[arguments[1]] : null;",
            type,
            attribute);
  }

  /** The latest charted value of a device property, or null when not charted. */
  String chartedValue(String dsn, String property) {
    return (String)
        js(
            "const li = document.querySelector('#chart-legend li[data-series=\"' + arguments[0] + '\"]');"
                + " return li ? li.dataset.last : null;",
            dsn + "/" + property);
  }

  /** The value a device card shows for a property ("" for none), or null when the card has no such row. */
  String gridValue(String dsn, String property) {
    return (String)
        js(
            "const row = document.querySelector('#grid .device-card[data-dsn=\"' + arguments[0] + '\"]"
                + " .prop[data-property=\"' + arguments[1] + '\"]'); return row ? row.dataset.value ?? '' : null;",
            dsn,
            property);
  }

  /** A device card's connectivity ("online", "offline", "unknown"), or null without a card. */
  String gridConnectivity(String dsn) {
    return (String)
        js(
            "const card = document.querySelector('#grid .device-card[data-dsn=\"' + arguments[0] + '\"]');"
                + " return card ? card.dataset.connectivity : null;",
            dsn);
  }

  /** From now on, records each text the grid's stale mark shows ("" when hidden). */
  void recordStaleMarks() {
    js(
        "const mark = document.getElementById('grid-stale'); window.staleMarks = [];"
            + " new MutationObserver(() => window.staleMarks.push(mark.hidden ? '' : mark.textContent))"
            + ".observe(mark, {attributes: true, childList: true, characterData: true, subtree: true});");
  }

  @SuppressWarnings("unchecked")
  List<String> staleMarks() {
    return (List<String>) js("return window.staleMarks || [];");
  }

  String chartPixels() {
    return (String) js("return document.getElementById('chart').toDataURL();");
  }

  Map<String, Object> counters() {
    @SuppressWarnings("unchecked")
    Map<String, Object> counts =
        (Map<String, Object>)
            js(
                "const o = {}; document.querySelectorAll('#counters li')"
                    + ".forEach(li => o[li.dataset.type] = Number(li.dataset.count)); return o;");
    return counts;
  }

  long viewportWidth() {
    return (Long) js("return window.innerWidth;");
  }

  /** True when the document is wider than the window (the table may scroll inside its own box). */
  boolean overflowsSideways() {
    return (Boolean) js("return document.documentElement.scrollWidth > window.innerWidth;");
  }

  void screenshot(Path file) throws IOException {
    js("window.scrollTo(0, 0);");
    Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
    Files.createDirectories(file.getParent());
    Files.copy(shot, file, StandardCopyOption.REPLACE_EXISTING);
  }

  /** Waits on a condition of the page; on timeout says what it waited for and what the page showed. */
  void waitFor(String what, Function<WebDriver, Boolean> condition) {
    try {
      new WebDriverWait(driver, patience)
          .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
          .until(condition::apply);
    } catch (TimeoutException e) {
      throw new AssertionError("Timed out waiting for " + what + "; page shows: " + snapshot(), e);
    }
  }

  private String snapshot() {
    try {
      return "connection="
          + connectionState()
          + " notice="
          + text("notice")
          + " counters="
          + counters()
          + " upstream="
          + text("upstream")
          + " grid="
          + text("grid").replace('\n', ' ')
          + " rows="
          + rows();
    } catch (RuntimeException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }

  boolean isShown(String id) {
    List<WebElement> found = driver.findElements(By.id(id));
    return !found.isEmpty() && found.get(0).isDisplayed();
  }

  private Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }
}
