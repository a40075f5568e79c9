"""The "Nộp báo cáo" page in a real browser (headless Chromium through Selenium).

A unit's representative pins the log key, opens a passphrase-encrypted PEM key in the
page, fills a TaskCompleted from the generated form, checks it (POST /v1/check), signs it
with WebCrypto Ed25519 and submits; the page must say the entry was appended and that the
inclusion proof verified against the pinned key. Then a pledge without the head's
countersignature is refused, the page naming the missing signer; and a submission whose
key was revoked between check and submit is refused by the log, the message shown.

usage: submit_form.py BASE_URL LOG_KEY ENCRYPTED_KEY.pem PASSPHRASE REVOKE_COMMAND SCREENSHOT_DIR
Exit 0 when every step holds; prints what it saw otherwise.
"""
import subprocess
import sys

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

import chrome


def main():
    base, log_key, key_file, passphrase, revoke, shots = sys.argv[1:7]
    driver = chrome.driver(1200, 1900)
    wait = WebDriverWait(driver, 30)
    text = lambda i: driver.find_element(By.ID, i).text

    def until(i, needle):
        try:
            wait.until(lambda d: needle in d.find_element(By.ID, i).text)
        except Exception:
            raise SystemExit("#%s never said %r; it says %r" % (i, needle, text(i)))

    try:
        driver.get(base + "/nop")
        wait.until(lambda d: d.execute_script("return document.readyState") == "complete")
        assert driver.execute_script("return window.isSecureContext"), "not a secure context"
        # 1. Pin the log's key (kept in the browser, never taken from the server).
        driver.find_element(By.ID, "logkey").send_keys(log_key)
        driver.find_element(By.ID, "pinbtn").click()
        until("pinstatus", "Đã ghim khóa của sổ")
        # 2. Open the encrypted key: the page asks for the passphrase, then names the signer.
        driver.find_element(By.ID, "keyfile").send_keys(key_file)
        until("keystatus", "Khóa này được mã hóa")
        driver.find_element(By.ID, "passphrase").send_keys("sai-mat-khau")
        driver.find_element(By.ID, "openkey").click()
        until("keystatus", "Mật khẩu không mở được khóa này")
        driver.find_element(By.ID, "passphrase").clear()
        driver.find_element(By.ID, "passphrase").send_keys(passphrase)
        driver.find_element(By.ID, "openkey").click()
        until("keystatus", "Đã mở khóa")
        until("keystatus", "xa-nam-ke")
        # 3. A TaskCompleted: the housing task (criterion C3 of the commune rubric).
        Select(driver.find_element(By.ID, "type")).select_by_value("TaskCompleted")
        fields = driver.find_element(By.ID, "fields")
        criterion = Select(fields.find_elements(By.TAG_NAME, "select")[1])
        criterion.select_by_value("C3")
        inputs = [i for i in fields.find_elements(By.TAG_NAME, "input") if i.get_attribute("type") == "text"]
        inputs[-1].send_keys("Hoàn thành xóa 52 nhà tạm, nhà dột nát")  # note
        driver.find_element(By.ID, "preview").click()
        until("result", "ĐẠT")
        assert '"criterion": "C3"' in text("payload"), text("payload")
        driver.find_element(By.ID, "submit").click()
        until("result", "Đã ghi vào sổ: bản ghi")
        until("result", "do khóa sổ đã ghim ký")
        driver.save_screenshot(shots + "/nop-bao-cao.png")
        print("appended:", text("result"))
        # 4. A pledge the unit signs alone: the log wants the head's countersignature, and says whose.
        Select(driver.find_element(By.ID, "type")).select_by_value("PledgeSigned")
        fields = driver.find_element(By.ID, "fields")
        row = fields.find_element(By.CLASS_NAME, "row")
        for i in row.find_elements(By.TAG_NAME, "input"):
            if i.get_attribute("inputmode") == "decimal":
                i.send_keys("160")
                break
        driver.find_element(By.ID, "preview").click()
        until("result", "Sổ từ chối")
        until("result", "xa-muong-nhe")
        driver.save_screenshot(shots + "/nop-bao-cao-tu-choi.png")
        print("refused:", text("result"))
        # 5. Checked, then the key is revoked before it is submitted: the log refuses the submission.
        Select(driver.find_element(By.ID, "type")).select_by_value("TaskCompleted")
        Select(driver.find_element(By.ID, "fields").find_elements(By.TAG_NAME, "select")[1]).select_by_value("C3")
        driver.find_element(By.ID, "preview").click()
        until("result", "ĐẠT")
        subprocess.run(revoke, shell=True, check=True, stdout=subprocess.DEVNULL)
        driver.find_element(By.ID, "submit").click()
        until("result", "Sổ từ chối")
        until("result", "thu hồi")
        print("refused at submit:", text("result"))
    finally:
        driver.quit()


if __name__ == "__main__":
    main()
