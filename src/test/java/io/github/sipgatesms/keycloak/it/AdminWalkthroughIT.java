package io.github.sipgatesms.keycloak.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.AuthenticationExecutionInfoRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.realm.RealmBuilder;
import org.keycloak.testframework.realm.RealmConfig;
import org.keycloak.testframework.realm.UserBuilder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Rectangle;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.github.sipgatesms.keycloak.it.support.RealmPolicy;
import io.github.sipgatesms.keycloak.it.support.SmsRealmConfig;
import io.github.sipgatesms.keycloak.it.support.SmsServerConfig;
import io.github.sipgatesms.keycloak.testsupport.UsedSecrets;

/**
 * The README's admin walk-throughs ("Add the step to a browser flow", set-up "SMS for everyone"; the realm's SMS
 * policy tab) done in Keycloak
 * 26.7.3's admin console in Chromium, on a realm with Keycloak's default flows: the test reads the bold labels
 * of the README's walk-through, requires them to be the ones it clicks (in order), and clicks each by that label.
 * A README that names a button the console lacks, or in another order, fails here. Then it logs in through the
 * bound flow. Runs on keycloak.server.version only (the walk-through names 26.7.3's wording).
 */
@KeycloakIntegrationTest(config = SmsServerConfig.class)
@DisplayName("the README's admin walk-through, clicked in the admin console")
class AdminWalkthroughIT extends SmsBrowserTest {

    /** The clicks of set-up "SMS for everyone", as the README's bold labels name them. */
    static final List<String> CLICKS = List.of(
        "Authentication", "browser", "⋮", "Duplicate", "Duplicate",
        "browser with SMS codes forms", "+", "Add execution", "SMS code (sipgate)", "Add",
        "Disabled", "Required",
        "browser with SMS codes Browser - Conditional 2FA", "Conditional", "Disabled",
        "Action", "Bind flow", "Browser flow", "Save",
        "Authentication", "Required actions", "Register a mobile number for SMS codes", "Off");

    /** The clicks of docs/flow.md's "Password reset by SMS alone", as its bold labels name them. */
    static final List<String> RESET_CLICKS = List.of(
        "Authentication", "reset credentials", "⋮", "Duplicate", "Duplicate",
        "Add execution", "SMS code (sipgate)", "Add",
        "Disabled", "Required",
        "SMS code (sipgate)", "⠿", "Choose User",
        "Send Reset Email", "🗑", "Delete",
        "Action", "Bind flow", "Reset credentials flow", "Save");

    /** The clicks of docs/phone-sign-in.md's set-up, as its bold labels name them. */
    static final List<String> PHONE_CLICKS = List.of(
        "Authentication", "browser", "⋮", "Duplicate", "Duplicate",
        "Add execution", "Phone number and SMS code (sipgate)", "Add",
        "Disabled", "Alternative",
        "Phone number and SMS code (sipgate)", "⠿", "Cookie",
        "Action", "Bind flow", "Browser flow", "Save");

    /** The clicks of the realm's SMS policy, as the README's bold labels name them. */
    static final List<String> POLICY_CLICKS = List.of("Realm settings", "SMS (sipgate)", "Save");

    static final String NUMBER = "+4915111122233";
    /** The number of the user who forgets the password (the reset walk-through changes it). */
    static final String FORGETFUL_NUMBER = "+4915111122244";

    /** The number of the user who signs in with it (phone sign-in walk-through). */
    static final String CALLER_NUMBER = "+4915111122266";

    public static class DefaultFlowsRealm implements RealmConfig {
        @Override
        public RealmBuilder configure(RealmBuilder realm) {
            UsedSecrets.number(NUMBER);
            UsedSecrets.number(CALLER_NUMBER);
            UsedSecrets.number(FORGETFUL_NUMBER);
            return realm.users(UserBuilder.create("walker").password(PASSWORD).email("walker@example.org").name("Walker", "Through")
                    .emailVerified(true).attribute("phoneNumber", NUMBER),
                    UserBuilder.create("forgetful").password(PASSWORD).email("forgetful@example.org").name("Forget", "Ful")
                    .emailVerified(true).attribute("phoneNumber", FORGETFUL_NUMBER))
                .resetPasswordAllowed(true)
                .update(rep -> rep.setComponents(SmsRealmConfig.userProfile()));
        }
    }

    @InjectRealm(config = DefaultFlowsRealm.class)
    ManagedRealm realm;

    @Override
    ManagedRealm realm() {
        return realm;
    }

    @Test
    @DisplayName("set-up 'SMS for everyone': duplicate, add execution, requirements, bind, no step config; then a login")
    void smsForEveryone() throws IOException {
        String readme = walkthrough("SMS for everyone");
        List<String> labels = boldLabels(readme);
        assertThat(labels).as("the README's labels are the clicks this test makes").containsExactlyElementsOf(CLICKS);
        String flowName = typed(readme, "Name");
        String search = typed(readme, "search");

        Iterator<String> next = labels.iterator();
        duplicate(next, flowName);

        clickIn(row(next.next()), "button[aria-label='Add']", next.next(), "+");
        click(menuItem(next.next()));
        addStep(next, search);

        requirement("SMS code (sipgate)", next.next(), next.next());
        String subFlow = next.next();
        requirement(subFlow, next.next(), next.next());

        bind(next);
        enableRegistration(next);
        assertThat(next.hasNext()).isFalse();

        // what the console stored: the flow bound, the step REQUIRED after the password, without a config of its own
        waitFor(Duration.ofSeconds(15), d -> flowName.equals(realm.admin().toRepresentation().getBrowserFlow()));
        AuthenticationExecutionInfoRepresentation sms = realm.admin().flows().getExecutions(flowName).stream()
            .filter(e -> "sipgate-sms".equals(e.getProviderId())).findFirst().orElseThrow();
        assertThat(sms.getRequirement()).isEqualTo("REQUIRED");
        assertThat(sms.getAuthenticationConfig()).as("the step needs no config").isNull();

        driver.cookies().deleteAll();
        oauth.openLoginForm();
        loginPage.fillLogin("walker", PASSWORD);
        loginPage.submit();
        codePage.assertCurrent();
        codePage.submitCode(sipgate.lastTo(NUMBER).orElseThrow(() -> new AssertionError("no SMS to the walker")).code());
        assertThat(oauth.parseLoginResponse().isSuccess()).isTrue();
    }

    @Test
    @DisplayName("the realm's SMS policy: Realm settings, the 'SMS (sipgate)' tab, allowed regions, Save; only that is stored")
    void smsPolicyTab() throws IOException {
        String readme = walkthrough("SMS policy");
        List<String> labels = boldLabels(readme);
        assertThat(labels).as("the README's labels are the clicks this test makes").containsExactlyElementsOf(POLICY_CLICKS);
        String regions = typed(readme, "Allowed regions");

        openAdminConsole("realm-settings");
        Iterator<String> next = labels.iterator();
        click(By.xpath("//nav//a[normalize-space()='" + next.next() + "']"));
        click(By.xpath("//nav[@aria-label='realm-settings-tabs']//a[@role='tab'][normalize-space()='" + next.next() + "']"));
        WebElement label = visible(By.xpath("//label[.//span[normalize-space()='Allowed regions']]"));
        WebElement field = driver.driver().findElement(By.id(label.getAttribute("for")));
        field.clear();
        field.sendKeys(regions);
        click(By.xpath("//button[@data-testid='save'][normalize-space()='" + next.next() + "']"));
        assertThat(next.hasNext()).isFalse();

        waitFor(Duration.ofSeconds(15), d -> regions.equals(RealmPolicy.values(realm.admin()).get("allowedRegions")));
        assertThat(RealmPolicy.values(realm.admin()).keySet()).as("nothing else pinned by the save (the console adds its route)")
            .allSatisfy(key -> assertThat(key).isIn("allowedRegions", "realm", "tab"));
    }

    @Test
    @DisplayName("docs/flow.md's reset by SMS alone: duplicate, add execution, requirement, drag below Choose User, bind; then an "
        + "unknown and a known username get the same page, and the known one resets in Chromium")
    void resetBySms() throws IOException {
        String doc = walkthrough(Path.of("docs", "flow.md"), "reset by SMS");
        String flowName = typed(doc, "Name");
        Iterator<String> next = addAtTopLevel(doc, RESET_CLICKS, "sipgate-sms");
        clickIn(row(next.next()), "button[aria-label='Delete']", next.next(), "🗑");
        click(dialogButton(next.next()));

        bind(next);
        assertThat(next.hasNext()).isFalse();
        waitFor(Duration.ofSeconds(15), d -> flowName.equals(realm.admin().toRepresentation().getResetCredentialsFlow()));
        assertThat(topLevel(flowName)).as("the step right after Choose User, before every step that needs a user")
            .startsWith("reset-credentials-choose-user", "sipgate-sms");

        // a stranger learns nothing: an unknown username gets the page a known one gets (not Reset Password's error)
        String unknown = resetPage("nobody-" + System.nanoTime());
        String known = resetPage("forgetful");
        assertThat(known).contains("If this account has a mobile number").doesNotContain(FORGETFUL_NUMBER.substring(9));
        assertThat(unknown).as("an unknown username's page").isEqualTo(known);
        codePage.assertCurrent();
        codePage.submitCode(sipgate.awaitTo(FORGETFUL_NUMBER, 1).code());
        visible(By.id("password-new")).sendKeys("Brand-new-pw-3");
        driver.driver().findElement(By.id("password-confirm")).sendKeys("Brand-new-pw-3");
        click(By.cssSelector("#kc-passwd-update-form [type=submit]"));
        waitFor(Duration.ofSeconds(15), d -> d.getCurrentUrl().contains("code="));
        assertThat(oauth.parseLoginResponse().isSuccess()).as("the reset ends logged in").isTrue();
    }

    @Test
    @DisplayName("docs/phone-sign-in.md's set-up: duplicate browser, add execution, Alternative, drag below Cookie, bind; then the "
        + "number page comes first and a number signs in")
    void phoneSignIn() throws IOException {
        String doc = walkthrough(Path.of("docs", "phone-sign-in.md"), "phone sign-in");
        String flowName = typed(doc, "Name");
        Iterator<String> next = addAtTopLevel(doc, PHONE_CLICKS, "sipgate-sms-phone-login");
        bind(next);
        assertThat(next.hasNext()).isFalse();
        waitFor(Duration.ofSeconds(15), d -> flowName.equals(realm.admin().toRepresentation().getBrowserFlow()));
        assertThat(topLevel(flowName)).as("the step right after Cookie").startsWith("auth-cookie", "sipgate-sms-phone-login");

        // an administrator adds a user with a number (admin REST, as the console does: the phone index learns it)
        UserRepresentation caller = new UserRepresentation();
        caller.setUsername("caller");
        caller.setEnabled(true);
        caller.setAttributes(Map.of("phoneNumber", List.of(CALLER_NUMBER)));
        realm.admin().users().create(caller).close();

        // the number page first; the number written the national way and the code sign its holder in
        driver.cookies().deleteAll();
        oauth.openLoginForm();
        WebElement phone = visible(By.name("phone"));
        assertThat(driver.driver().findElements(By.id("password"))).as("no password form on the first page").isEmpty();
        phone.sendKeys("0" + CALLER_NUMBER.substring(3));
        click(By.id("kc-login"));
        codePage.assertCurrent();
        codePage.submitCode(sipgate.awaitTo(CALLER_NUMBER, 1).code());
        assertThat(oauth.parseLoginResponse().isSuccess()).as("the number's holder is signed in").isTrue();
    }

    /**
     * The first clicks of a doc's top-level recipe, by its bold labels (which must be {@code clicks}): duplicate the flow,
     * *Add execution* above the table, the step, its requirement, the drag by its handle below a row. The rest follows.
     */
    private Iterator<String> addAtTopLevel(String doc, List<String> clicks, String provider) {
        List<String> labels = boldLabels(doc);
        assertThat(labels).as("the doc's labels are the clicks this test makes").containsExactlyElementsOf(clicks);
        String flowName = typed(doc, "Name");
        Iterator<String> next = labels.iterator();
        duplicate(next, flowName);
        click(By.xpath("//button[@data-testid='addStep'][normalize-space()='" + next.next() + "']"));
        String step = clicks.get(labels.indexOf("Add execution") + 1);
        addStep(next, typed(doc, "search"));
        requirement(step, next.next(), next.next());
        dragBelow(flowName, provider, next.next(), next.next(), next.next());
        return next;
    }

    /** The provider ids of the flow's top-level executions, in order (sub-flows as their alias). */
    private List<String> topLevel(String flowName) {
        return realm.admin().flows().getExecutions(flowName).stream().filter(e -> e.getLevel() == 0)
            .map(e -> e.getProviderId() != null ? e.getProviderId() : e.getDisplayName()).toList();
    }

    /** "Forgot Password?", the username, submit: the page's text with the typed username (shown back) replaced. */
    private String resetPage(String username) {
        driver.cookies().deleteAll();
        oauth.openLoginForm();
        click(By.xpath("//a[contains(@href, 'reset-credentials')]"));
        visible(By.id("username")).sendKeys(username);
        click(By.cssSelector("#kc-reset-password-form [type=submit]"));
        wait(d -> d.findElements(By.id("kc-reset-password-form")).isEmpty() ? d.findElement(By.tagName("body")) : null);
        return driver.driver().findElement(By.tagName("body")).getText().replace(username, "USERNAME");
    }

    /**
     * Drags the row of {@code label} by its handle (the doc's {@code ⠿}, the first cell's grip) and drops it right below
     * the row of {@code below}, as a mouse does: press on the grip, move, release. PatternFly's table starts the drag on
     * the browser's {@code dragstart} and follows the mouse from there.
     */
    private void dragBelow(String flowName, String provider, String label, String glyph, String below) {
        assertThat(glyph).isEqualTo("⠿");
        // the whole table in view (PatternFly compares page and viewport coordinates); the shared window is restored after
        Dimension before = driver.driver().manage().window().getSize();
        driver.driver().manage().window().setSize(new Dimension(1920, 3000));
        try {
            drag(label, below);
        } finally {
            driver.driver().manage().window().setSize(before);
        }
        // the console stores the move as raise-priority calls: wait until the step is no longer the last
        waitFor(Duration.ofSeconds(15), d -> {
            List<String> order = topLevel(flowName);
            return order.indexOf(provider) < order.size() - 1;
        });
    }

    /** Press on the grip of {@code label}'s row, move to just below {@code below}'s row, release. */
    private void drag(String label, String below) {
        JavascriptExecutor js = (JavascriptExecutor) driver.driver();
        js.executeScript("window.scrollTo(0, 0);");
        WebElement grip = row(label).findElement(By.cssSelector("td.pf-v5-c-table__draggable button"));
        WebElement target = row(below);
        Rectangle from = grip.getRect();
        Rectangle sourceRow = row(label).getRect();
        Rectangle to = target.getRect();
        // the dragged row's top edge at the bottom of the target row: past its middle, before the next row's middle
        int offsetInRow = from.getY() + from.getHeight() / 2 - sourceRow.getY();
        int dy = to.getY() + to.getHeight() + offsetInRow - (from.getY() + from.getHeight() / 2);
        new Actions(driver.driver()).moveToElement(grip).clickAndHold().moveByOffset(0, -5).pause(Duration.ofMillis(200))
            .moveByOffset(0, dy / 2).pause(Duration.ofMillis(200)).moveByOffset(0, dy - dy / 2 + 5).pause(Duration.ofMillis(300))
            .release().perform();
    }

    /** Authentication, the flow's ⋮ menu, Duplicate, the new name, Duplicate: the copy opens. */
    private void duplicate(Iterator<String> next, String flowName) {
        openAdminConsole("authentication");
        click(By.xpath("//nav//a[normalize-space()='" + next.next() + "']"));
        clickIn(row(next.next()), "button[aria-label='Kebab toggle']", next.next(), "⋮");
        click(menuItem(next.next()));
        WebElement name = visible(By.cssSelector("[role=dialog] #alias"));
        name.clear();
        name.sendKeys(flowName);
        click(dialogButton(next.next()));
    }

    /** In the open "Add execution" dialog: the search, the step's radio button, Add. */
    private void addStep(Iterator<String> next, String search) {
        visible(By.cssSelector("[role=dialog] input[placeholder='Search']")).sendKeys(search + "\n");
        click(By.xpath("//*[@role='dialog']//*[normalize-space(text())='" + next.next()
            + "']/ancestor::*[.//input[@type='radio']][1]//input[@type='radio']"));
        click(dialogButton(next.next()));
    }

    /** Action, Bind flow, the binding type, Save: the walk-through's last clicks. */
    private void bind(Iterator<String> next) {
        click(By.xpath("//button[normalize-space()='" + next.next() + "']"));
        click(menuItem(next.next()));
        String binding = next.next();
        click(By.cssSelector("[role=dialog] button.pf-v5-c-menu-toggle"));
        click(By.xpath("//*[@role='option' or @role='menuitem'][normalize-space()='" + binding + "']"));
        click(dialogButton(next.next()));
    }

    /** Authentication, the tab Required actions, the registration's row, its Enabled switch (Off): the action is on. */
    private void enableRegistration(Iterator<String> next) {
        assertThat(registrationEnabled()).as("a new realm starts with the registration off").isFalse();
        click(By.xpath("//nav//a[normalize-space()='" + next.next() + "']"));
        click(By.xpath("//*[@role='tab'][normalize-space()='" + next.next() + "']"));
        WebElement action = row(next.next());
        String off = next.next();
        WebElement enabled = action.findElement(By.xpath("(.//label[contains(@class,'switch')])[1]"));
        assertThat(enabled.getText().strip()).as("the Enabled switch's state").isEqualTo(off);
        wait(d -> clickNow(enabled));
        waitFor(Duration.ofSeconds(15), d -> registrationEnabled());
    }

    private boolean registrationEnabled() {
        return realm.admin().flows().getRequiredActions().stream()
            .anyMatch(action -> "sipgate-sms-register-phone".equals(action.getProviderId()) && action.isEnabled());
    }

    // --- the README ---------------------------------------------------------------------------------------------

    private static String walkthrough(String name) throws IOException {
        return walkthrough(Path.of("README.md"), name);
    }

    private static String walkthrough(Path file, String name) throws IOException {
        String readme = Files.readString(file, StandardCharsets.UTF_8);
        int start = readme.indexOf("<!-- walkthrough: " + name + " -->");
        int end = readme.indexOf("<!-- /walkthrough -->", Math.max(start, 0));
        assertThat(start).as("README walk-through markers").isNotNegative().isLessThan(end);
        return readme.substring(start, end);
    }

    private static List<String> boldLabels(String text) {
        List<String> labels = new ArrayList<>();
        Matcher bold = Pattern.compile("\\*\\*(.+?)\\*\\*").matcher(text.replaceAll("\\s*\\n\\s*", " "));
        while (bold.find()) {
            labels.add(bold.group(1));
        }
        return labels;
    }

    /** The value the README says to type after a field name: {@code *Name* `value`} or {@code search `value`}. */
    private static String typed(String text, String field) {
        Matcher value = Pattern.compile("\\*?" + field + "\\*?\\s+`([^`]+)`").matcher(text.replaceAll("\\s*\\n\\s*", " "));
        assertThat(value.find()).as("README names the value of " + field).isTrue();
        return value.group(1);
    }

    // --- the admin console --------------------------------------------------------------------------------------

    /** The table row of an execution or (sub-)flow: a line of it is the label, or ends with it (sub-flows carry the flow's name first). */
    private WebElement row(String label) {
        return wait(d -> d.findElements(By.cssSelector("tbody tr")).stream().filter(tr -> {
            for (String line : tr.getText().split("\n")) {
                String text = line.strip();
                if (text.equals(label) || text.endsWith(" " + label)) {
                    return true;
                }
            }
            return false;
        }).findFirst().orElse(null));
    }

    /** A glyph of the README (⋮, +, ⚙, 🗑) is the row's icon button with that accessible name. */
    private void clickIn(WebElement row, String css, String label, String glyph) {
        assertThat(label).isEqualTo(glyph);
        WebElement button = row.findElement(By.cssSelector(css));
        wait(d -> clickNow(button));
    }

    /** In the row of the label, the requirement toggle showing {@code from} set to {@code to}. */
    private void requirement(String label, String from, String to) {
        WebElement found = row(label);
        List<WebElement> toggles = found.findElements(By.cssSelector("button.keycloak__authentication__requirement-dropdown"));
        assertThat(toggles).as("the requirement of %s in its row: %s", label, found.getAttribute("outerHTML")).isNotEmpty();
        WebElement toggle = toggles.get(0);
        assertThat(toggle.getText().strip()).as("requirement of %s", label).isEqualTo(from);
        wait(d -> clickNow(toggle));
        click(By.xpath("//*[@role='option' or @role='menuitem'][normalize-space()='" + to + "']"));
        wait(d -> row(label).findElement(By.cssSelector("button.keycloak__authentication__requirement-dropdown")).getText().strip()
            .equals(to));
    }

    private static By menuItem(String label) {
        return By.xpath("//*[@role='menuitem'][normalize-space()='" + label + "']");
    }

    private static By dialogButton(String label) {
        return By.xpath("//*[@role='dialog']//button[normalize-space()='" + label + "']");
    }

    /** Clicks once the element takes the click (the console's toasts cover buttons for a few seconds after a save). */
    private void click(By locator) {
        wait(d -> clickNow(d.findElement(locator)));
    }

    private boolean clickNow(WebElement element) {
        ((JavascriptExecutor) driver.driver()).executeScript("arguments[0].scrollIntoView({block: 'center'});", element);
        element.click();
        return true;
    }

    private WebElement visible(By locator) {
        return wait(ExpectedConditions.visibilityOfElementLocated(locator));
    }

    private <T> T wait(Function<WebDriver, T> condition) {
        // the console's toasts and re-renders: any failure of a poll (a click intercepted too) counts as "not yet"
        return new WebDriverWait(driver.driver(), Duration.ofSeconds(20), Duration.ofMillis(50)).ignoring(RuntimeException.class)
            .until(condition);
    }
}
