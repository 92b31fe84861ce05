package io.github.sipgatesms.keycloak.it.support.pages;

import java.util.List;

import org.keycloak.testframework.ui.page.AbstractLoginPage;
import org.keycloak.testframework.ui.webdriver.ManagedWebDriver;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.FindBy;
import org.openqa.selenium.support.ui.ExpectedConditions;

import io.github.sipgatesms.keycloak.testsupport.UsedSecrets;

/** The code page ({@code login-sipgate-sms.ftl}) as a user sees it. */
public class SmsCodePage extends AbstractLoginPage {

    @FindBy(id = "code")
    private WebElement code;

    @FindBy(id = "kc-login")
    private WebElement submit;

    @FindBy(id = "sipgate-sms-resend")
    private WebElement resend;

    public SmsCodePage(ManagedWebDriver driver) {
        super(driver);
    }

    @Override
    public String getExpectedPageId() {
        return "login-login-sipgate-sms";
    }

    public void submitCode(String value) {
        UsedSecrets.code(value);
        code.clear();
        code.sendKeys(value);
        clickAndAwaitNextPage(submit);
    }

    /**
     * Presses "Send a new code" whatever the page's countdown says (the server judges a resend; tests that move the
     * server's clock would otherwise wait for the browser's). The countdown itself: {@link #resendEnabled()}.
     */
    public void resend() {
        ((JavascriptExecutor) driver.driver()).executeScript("arguments[0].disabled = false;", resend);
        clickAndAwaitNextPage(resend);
    }

    public boolean resendEnabled() {
        return resend.isEnabled();
    }

    /** The hint under the resend button (the countdown, or after a refused resend the request to wait), or "". */
    public String resendHint() {
        List<WebElement> hints = driver.driver().findElements(By.id("sipgate-sms-resend-hint"));
        return hints.isEmpty() ? "" : hints.get(0).getText();
    }

    /**
     * Every message the page shows the user: the alert, the code field's error, the resend hint, the "another way"
     * sentence (visible texts only).
     */
    public List<String> messages() {
        return driver.driver().findElements(By.cssSelector(".kc-feedback-text, #input-error-code, #sipgate-sms-resend-hint, "
                + "#sipgate-sms-other-way")).stream()
            .filter(WebElement::isDisplayed).map(WebElement::getText).filter(text -> !text.isBlank()).toList();
    }

    /** Clicks a submit button and waits until the browser left this document (a slow server must not let a test read the old page). */
    private void clickAndAwaitNextPage(WebElement button) {
        WebElement root = driver.findElement(By.tagName("html"));
        button.click();
        driver.waiting().until(ExpectedConditions.stalenessOf(root));
    }

    /** Registration only: back to the phone page to correct the number. */
    public void changeNumber() {
        driver.findElement(By.id("sipgate-sms-change")).click();
    }

    public WebElement codeInput() {
        return code;
    }

    public String instruction() {
        return driver.findElement(By.id("sipgate-sms-instruction")).getText();
    }

    /** The error under the code input, or an empty string. */
    public String codeError() {
        List<WebElement> errors = driver.driver().findElements(By.id("input-error-code"));
        return errors.isEmpty() ? "" : errors.get(0).getText();
    }

    /** The page's error alert (both login themes mark it pf-m-danger), or an empty string. */
    public String alert() {
        return getErrorMessage().orElse("");
    }

    public boolean hasCodeInput() {
        return !driver.driver().findElements(By.id("code")).isEmpty();
    }
}
