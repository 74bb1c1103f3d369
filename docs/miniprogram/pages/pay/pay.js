// 云签署 payment page of the host mini-program. The web-view opens it with
// wx.miniProgram.navigateTo; see ../../README.md for the contract.
Page({
  data: { orderNo: '', state: 'paying', message: '' },

  onLoad(query) {
    const param = (name) => decodeURIComponent(query[name] || '');
    this.setData({ orderNo: param('orderNo') });
    wx.requestPayment({
      timeStamp: param('timeStamp'),
      nonceStr: param('nonceStr'),
      package: param('package'),
      signType: param('signType'),
      paySign: param('paySign'),
      // The web-view's result page asks the server; this page only goes back to it.
      success: () => this.back('支付完成，正在返回…'),
      fail: (err) => {
        const cancelled = err && /cancel/.test(err.errMsg || '');
        this.back(cancelled ? '已取消支付' : '支付未完成');
      },
    });
  },

  back(message) {
    this.setData({ state: 'done', message });
    setTimeout(() => wx.navigateBack({ delta: 1 }), 600);
  },
});
