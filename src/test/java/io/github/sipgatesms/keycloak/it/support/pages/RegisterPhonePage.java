package io.github.sipgatesms.keycloak.it.support.pages;

import java.util.List;

import org.keycloak.testframework.ui.page.AbstractLoginPage;
import org.keycloak.testframework.ui.webdriver.ManagedWebDriver;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.FindBy;

import io.github.sipgatesms.keycloak.testsupport.UsedSecrets;

/** The phone registration page ({@code sipgate-sms-register-phone.ftl}) of the required action. */
public class RegisterPhonePage extends AbstractLoginPage {

    @FindBy(id = "phone")
    private WebElement phone;

    @FindBy(id = "kc-login")
    private WebElement submit;

    public RegisterPhonePage(ManagedWebDriver driver) {
        super(driver);
    }

    @Override
    public String getExpectedPageId() {
        return "login-sipgate-sms-register-phone";
    }

    public void submitPhone(String value) {
        UsedSecrets.number(value);
        phone.clear();
        phone.sendKeys(value);
        submit.click();
    }

    /** The error under the phone input, or an empty string. */
    public String phoneError() {
        List<WebElement> errors = driver.driver().findElements(By.id("input-error-phone"));
        return errors.isEmpty() ? "" : errors.get(0).getText();
    }

    public String hint() {
        return driver.findElement(By.id("sipgate-sms-register-hint")).getText();
    }

    public String weakerFactorNotice() {
        return driver.findElement(By.id("sipgate-sms-register-weaker")).getText();
    }
}
