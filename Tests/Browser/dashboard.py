"""The dashboard in a real browser (headless Chromium through Selenium), on the demo log.

Checks, in order: the loading state (the network slowed down through the DevTools
protocol), the rankings with every group's chart of totals against its band thresholds,
the "không xét danh hiệu" badge (no strike-through), band reasons on hover and in the
explain panel, the cluster/bloc picker, the as-of slider (the ranking at entry 257, with a
lower-is-better target drawn full when met), the error state and its recovery, English.

usage: dashboard.py BASE_URL SCREENSHOT_DIR
Prints `ok: …` for each step; exits 1 with what it saw at the first step that fails.
"""
import sys
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

import chrome


def main():
    base, shots = sys.argv[1:3]
    driver = chrome.driver(1400, 2600)
    wait = WebDriverWait(driver, 30)
    js = driver.execute_script
    failures = []

    def check(cond, what):
        print(("ok: " if cond else "FAILED: ") + what)
        if not cond:
            failures.append(what)

    def loaded():
        wait.until(lambda d: not d.find_element(By.ID, "loading").is_displayed()
                   and d.find_element(By.ID, "rankings").get_attribute("aria-busy") == "false")

    try:
        # 1. Loading: with a slow network the page says it is loading, and the sections are busy.
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd("Network.emulateNetworkConditions",
                               {"offline": False, "latency": 1500, "downloadThroughput": -1, "uploadThroughput": -1})
        driver.get(base + "/")
        wait.until(lambda d: d.find_element(By.ID, "loading").is_displayed())
        check("Đang tải bảng xếp hạng" in driver.find_element(By.ID, "loading").text, "loading state shown")
        check(driver.find_element(By.ID, "rankings").get_attribute("aria-busy") == "true", "rankings marked busy")
        driver.save_screenshot(shots + "/dashboard-dang-tai.png")
        driver.execute_cdp_cmd("Network.emulateNetworkConditions",
                               {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
        loaded()
        groups = driver.find_elements(By.CSS_SELECTOR, "#groups h3")
        check(len(groups) == 6, f"six groups ranked ({len(groups)})")
        check(len(driver.find_elements(By.CSS_SELECTOR, "#group option")) == 7, "picker: all + six groups")
        check("toàn bộ 431 bản ghi" in driver.find_element(By.ID, "sizeLabel").text, "slider at the latest entry")

        # 2. A unit barred from titles: a badge, its reason on hover, never struck through.
        row = driver.find_element(By.CSS_SELECTOR, 'tr.unit[data-unit="h-muong-nhe"]')
        badge = row.find_element(By.CSS_SELECTOR, ".badge.dq")
        check(badge.text == "không xét danh hiệu", "badge 'không xét danh hiệu'")
        decorations = js("return [...arguments[0].querySelectorAll('td')].map(e => getComputedStyle(e).textDecorationLine)", row)
        check(all(d == "none" for d in decorations), f"no strike-through ({decorations})")
        title = row.get_attribute("title")
        check("tổng ≥ 90, mọi nhóm ≥ 90 %" in title and "vi phạm mức cảnh cáo (bản ghi 72): không xét danh hiệu" in title,
              "band and violation reasons on hover")
        miss = driver.find_element(By.CSS_SELECTOR, 'tr.unit[data-unit="h-muong-cha"]').get_attribute("title")
        check("nhóm A (Kinh tế, ngân sách) đạt 89,1 % < sàn 90 %" in miss, "a missed band says why on hover")

        # 3. The chart of cụm vùng cao: a bar per unit in proportion, a dashed line per threshold.
        svg = driver.find_element(By.XPATH, '//h3[@id="g-cum-vung-cao"]/following-sibling::*[local-name()="svg"][1]')
        bars = {r.get_attribute("data-unit"): float(r.get_attribute("width"))
                for r in svg.find_elements(By.CSS_SELECTOR, "rect.score")}
        lines = svg.find_elements(By.CSS_SELECTOR, "line.threshold")
        check(len(bars) == 5 and len(lines) == 3, f"5 bars and 3 thresholds ({len(bars)}, {len(lines)})")
        ratio = bars["h-nam-po"] / bars["h-tua-chua"]
        check(abs(ratio - 78.43 / 101.08) < 0.005, f"bar lengths in proportion ({ratio:.4f})")
        hollow = svg.find_element(By.CSS_SELECTOR, 'rect[data-unit="h-muong-nhe"]').get_attribute("fill")
        check(hollow == "#fff", "the barred unit's bar is hollow")

        # 4. Click: the explain panel gives the reasons and every point.
        driver.find_element(By.CSS_SELECTOR, 'tr.unit[data-unit="h-nam-po"]').click()
        wait.until(lambda d: "VL6" in d.find_element(By.ID, "explanation").text)
        head = driver.find_element(By.ID, "explainHead").text
        check("Huyện Nậm Pồ" in head and "chưa đạt Hoàn thành tốt nhiệm vụ: tổng 78,43 < 80" in head,
              "explain panel: band reason")
        check("VL6: thực hiện 49, chỉ tiêu 50" in driver.find_element(By.ID, "explanation").text,
              "explain panel: the points and their entries")
        driver.save_screenshot(shots + "/dashboard.png")

        # 5. The picker: one cluster, remembered in the address.
        Select(driver.find_element(By.ID, "group")).select_by_value("cum-vung-cao")
        wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#groups h3")) == 1)
        check("group=cum-vung-cao" in driver.current_url, "picker: the address keeps the choice")
        check(not driver.find_element(By.ID, "progress").is_displayed(), "picker: movement progress hidden")
        Select(driver.find_element(By.ID, "group")).select_by_value("")
        wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#groups h3")) == 6)

        # 6. The slider: the ranking as it stood at entry 257 (30/06/2025).
        js("const s = document.getElementById('size'); s.value = 257; s.dispatchEvent(new Event('input'));")
        wait.until(lambda d: "257 / 431" in d.find_element(By.ID, "sizeLabel").text
                   and len(d.find_elements(By.CSS_SELECTOR, "#groups h3")) == 4)
        loaded()
        check("30/06/2025" in driver.find_element(By.ID, "sizeLabel").text, "slider: the day of entry 257")
        check("size=257" in driver.current_url, "slider: the address keeps the moment")
        ct14 = driver.find_element(By.XPATH, '//h4[contains(., "CT14")]').text
        check("≤ 0" in ct14 and "thấp hơn là tốt" in ct14, f"lower-is-better target labelled ({ct14})")
        full = driver.find_element(By.CSS_SELECTOR, 'tr.progress[data-code="CT14"][data-unit="p-him-lam"] .bar > div')
        short = driver.find_element(By.CSS_SELECTOR, 'tr.progress[data-code="CT14"][data-unit="x-muong-phang"] .bar > div')
        check(full.get_attribute("data-pct") == "100.0", f"0 of ≤ 0 poor households: a full bar ({full.get_attribute('data-pct')})")
        check(short.get_attribute("data-pct") == "100.0",
              f"24 of ≤ 30: met, full ({short.get_attribute('data-pct')})")
        over = driver.find_element(By.CSS_SELECTOR, 'tr.progress[data-code="CT14"][data-unit="x-na-nhan"] .bar > div')
        check(abs(float(over.get_attribute("data-pct")) - 100 * 20 / 22) < 0.1, "22 of ≤ 20: short of the target")
        driver.save_screenshot(shots + "/dashboard-30-06-2025.png")

        # 7. An error says what and offers to try again; "Mới nhất" recovers.
        driver.get(base + "/?size=999999")
        wait.until(lambda d: d.find_element(By.ID, "error").is_displayed())
        err = driver.find_element(By.ID, "error").text
        check("size 999999 is larger than the log (431 entries)" in err and "Thử lại" in err, f"error state ({err})")
        driver.save_screenshot(shots + "/dashboard-loi.png")
        driver.find_element(By.ID, "latest").click()
        wait.until(lambda d: not d.find_element(By.ID, "error").is_displayed()
                   and len(d.find_elements(By.CSS_SELECTOR, "#groups h3")) == 6)
        check(True, "recovered with 'Mới nhất'")

        # 8. English.
        driver.find_element(By.ID, "lang").click()
        wait.until(lambda d: d.find_element(By.ID, "h-rank").text == "Rankings")
        loaded()
        badge = driver.find_element(By.CSS_SELECTOR, 'tr.unit[data-unit="h-muong-nhe"] .badge.dq').text
        check(badge == "not eligible for titles", f"English badge ({badge})")
    except Exception as e:  # noqa: BLE001 - report what the page showed
        failures.append(repr(e))
        print("FAILED:", repr(e))
        print(driver.find_element(By.TAG_NAME, "body").text[:3000])
    finally:
        driver.quit()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
