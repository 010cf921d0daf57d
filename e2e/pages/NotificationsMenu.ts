import { expect, type Locator, type Page } from '@playwright/test';

/** The top bar's bell and its menu of notifications. */
export class NotificationsMenu {
  /** Named "Notifications" or "Notifications, N unread". */
  readonly button: Locator;
  readonly menu: Locator;
  readonly markAllRead: Locator;

  constructor(readonly page: Page) {
    this.button = page.getByRole('button', { name: /^Notifications(, \d+ unread)?$/ });
    this.menu = page.getByRole('menu', { name: 'Notifications' });
    this.markAllRead = this.menu.getByRole('menuitem', { name: 'Mark all as read', exact: true });
  }

  async expectUnread(count: number): Promise<void> {
    await expect(this.button).toHaveAccessibleName(count > 0 ? `Notifications, ${count} unread` : 'Notifications');
  }

  async open(): Promise<void> {
    await this.button.click();
    await expect(this.menu).toBeVisible();
  }

  /** The notification whose message contains `text`: the item that opens it. */
  item(text: string | RegExp): Locator {
    return this.menu.getByRole('menuitem').filter({ hasText: text });
  }

  /** The one-click Regenerate of the notification whose message contains `text`. */
  regenerate(text: string | RegExp): Locator {
    return this.menu
      .getByRole('group')
      .filter({ has: this.page.getByRole('menuitem').filter({ hasText: text }) })
      .getByRole('menuitem', { name: 'Regenerate', exact: true });
  }
}
